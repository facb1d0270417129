import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnasError } from '../shared/errors';
import { runSummarySchema } from '../shared/run';
import type { SampleRecord } from '../shared/run';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let clock = 1_000;
let t: TempStore;
beforeEach(() => {
  clock = 1_000;
  t = openTempStore({ now: () => clock });
});
afterEach(() => t.dispose());

function sample(runId: number, seq: number, reward: number | null, status: 'ok' | 'failed' = 'ok'): SampleRecord {
  return {
    runId,
    seq,
    step: seq,
    arc: '0 1 0 2',
    archId: `micro-${seq.toString(16).padStart(16, '0')}`,
    reward,
    baseline: 0.5,
    logProb: -3,
    entropy: 1.2,
    validScore: reward,
    paramCount: 1000,
    status,
    failure: status === 'failed' ? 'NaN loss' : null,
  };
}

describe('runs repository', () => {
  it('creates a run with its resolved config, versions and the injected clock as created_at', () => {
    const run = t.store.runs.create(newRun({ tags: ['baseline'], notes: 'first try' }));
    expect(run).toMatchObject({
      status: 'created',
      createdAt: 1_000,
      startedAt: null,
      endedAt: null,
      tags: ['baseline'],
      notes: 'first try',
      config: { space: { space: 'micro', numNodes: 5 }, strategy: { strategy: 'enas' } },
      versions: { '@tensorflow/tfjs-core': '4.22.0' },
    });
    expect(t.store.runs.get(run.id)).toEqual(run);
    expect(t.store.runs.get(run.id + 1)).toBeUndefined();
  });

  it('replaces the requested backend with the one the trainer selected, and its versions', () => {
    const run = t.store.runs.create(newRun({}));
    const updated = t.store.runs.setBackend(run.id, 'wasm', { '@tensorflow/tfjs-backend-wasm': '4.22.0', 'wasm-simd': 'true' });
    expect(updated).toMatchObject({ backend: 'wasm', versions: { 'wasm-simd': 'true' } });
    expect(t.store.runs.get(run.id)).toEqual(updated);
    expect(() => t.store.runs.setBackend(run.id + 1, 'cpu', {})).toThrow(EnasError);
  });

  it('sets started_at on the first start only and ended_at when a run ends', () => {
    const { id } = t.store.runs.create(newRun());
    clock = 2_000;
    expect(t.store.runs.setStatus(id, 'running')).toMatchObject({ startedAt: 2_000, endedAt: null });
    clock = 3_000;
    const error = { code: 'INTERNAL' as const, message: 'trainer exited with code 1' };
    expect(t.store.runs.setStatus(id, 'failed', error)).toMatchObject({ status: 'failed', endedAt: 3_000, error });
    clock = 4_000;
    expect(t.store.runs.setStatus(id, 'running')).toMatchObject({ startedAt: 2_000, endedAt: null, error: null });
  });

  it('lists runs newest first with best reward, best valid score, sample count and duration', () => {
    const old = t.store.runs.create(newRun({ name: 'old' }));
    clock = 5_000;
    const recent = t.store.runs.create(newRun({ name: 'recent' }));
    t.store.runs.setStatus(old.id, 'running');
    t.store.writeBatch({
      samples: [sample(old.id, 0, 0.3), sample(old.id, 1, 0.7), sample(old.id, 2, null, 'failed')],
    });
    clock = 9_000;
    const list = t.store.runs.list();
    expect(list.map((r) => r.name)).toEqual(['recent', 'old']);
    for (const row of list) runSummarySchema.parse(row);
    expect(list[1]).toMatchObject({ bestReward: 0.7, bestValidScore: 0.7, sampleCount: 3, durationMs: 4_000 });
    expect(list[0]).toMatchObject({ id: recent.id, bestReward: null, sampleCount: 0, durationMs: null });
  });

  it("lists a retrain's final test score (the last step of its test series) and none for a search", () => {
    const search = t.store.runs.create(newRun({ name: 'search' }));
    const retrain = t.store.runs.create(newRun({ name: 'retrain' }));
    t.store.writeBatch({
      samples: [sample(search.id, 0, 0.4)],
      metrics: [
        { runId: search.id, series: 'child/loss', step: 3, value: 1.2 },
        { runId: retrain.id, series: 'retrain/test-accuracy', step: 5, value: 0.81 },
        { runId: retrain.id, series: 'retrain/test-accuracy', step: 9, value: 0.86 },
      ],
    });
    const byName = new Map(t.store.runs.list().map((r) => [r.name, r]));
    expect(byName.get('retrain')?.testScore).toBe(0.86);
    expect(byName.get('search')?.testScore).toBeNull();
  });

  it('takes the lowest validation score as the best of an rnn run (perplexity: lower is better)', () => {
    const lm = t.store.runs.create(newRun({ name: 'lm', space: 'rnn' }));
    t.store.writeBatch({ samples: [sample(lm.id, 0, 350), sample(lm.id, 1, 10_453_555), sample(lm.id, 2, 420)] });
    expect(t.store.runs.list().find((r) => r.id === lm.id)).toMatchObject({ bestValidScore: 350 });
  });

  it('marks every running run interrupted at its last event, and leaves other runs alone', () => {
    const running = t.store.runs.create(newRun());
    const done = t.store.runs.create(newRun());
    t.store.runs.setStatus(running.id, 'running');
    t.store.runs.setStatus(done.id, 'running');
    clock = 1_500;
    t.store.runs.setStatus(done.id, 'completed');
    t.store.writeBatch({ events: [{ runId: running.id, level: 'info', message: 'step 10', ts: 7_000 }] });
    clock = 60_000;
    expect(t.store.runs.markRunningAsInterrupted()).toEqual([running.id]);
    expect(t.store.runs.get(running.id)).toMatchObject({ status: 'interrupted', endedAt: 7_000 });
    expect(t.store.runs.get(done.id)).toMatchObject({ status: 'completed', endedAt: 1_500 });
    expect(t.store.runs.markRunningAsInterrupted()).toEqual([]);
  });

  it('annotates name, tags and notes independently', () => {
    const { id } = t.store.runs.create(newRun({ tags: ['a'] }));
    expect(t.store.runs.annotate(id, { notes: 'lr too high' })).toMatchObject({ tags: ['a'], notes: 'lr too high' });
    expect(t.store.runs.annotate(id, { name: 'renamed', tags: [] })).toMatchObject({ name: 'renamed', tags: [] });
  });

  it('deletes a run with everything that hangs off it, and unlinks its retrains', () => {
    const parent = t.store.runs.create(newRun());
    const retrain = t.store.runs.create(newRun({ parentRunId: parent.id }));
    t.store.writeBatch({
      metrics: [{ runId: parent.id, series: 'child/loss', step: 1, value: 2.3 }],
      samples: [sample(parent.id, 0, 0.1)],
      events: [{ runId: parent.id, level: 'info', message: 'started' }],
    });
    t.store.derived.replace(parent.id, [{ rank: 1, arc: '0 1', archId: 'micro-1', score: 0.9 }]);
    t.store.runs.delete(parent.id);
    expect(t.store.runs.get(parent.id)).toBeUndefined();
    expect(t.store.runs.get(retrain.id)?.parentRunId).toBeNull();
    expect(t.store.metrics.seriesNames(parent.id)).toEqual([]);
    expect(t.store.samples.page({ runId: parent.id }).total).toBe(0);
    expect(t.store.derived.list(parent.id)).toEqual([]);
    expect(t.store.events.list(parent.id)).toEqual([]);
    expect(t.store.integrityCheck().ok).toBe(true);
  });

  it('says which run is missing with STORE_NOT_FOUND', () => {
    const attempt = (): unknown => t.store.runs.setStatus(99, 'running');
    expect(attempt).toThrow(EnasError);
    expect(attempt).toThrow(/STORE_NOT_FOUND: .*enas\.db: no run with id 99/);
    expect(() => t.store.runs.delete(99)).toThrow(/no run with id 99/);
  });

  it('refuses a run that points at a dataset that does not exist', () => {
    expect(() => t.store.runs.create(newRun({ datasetId: 12 }))).toThrow(/STORE_CONFLICT: .*enas\.db: .*FOREIGN KEY constraint failed/);
  });
});
