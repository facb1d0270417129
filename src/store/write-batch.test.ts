import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SampleRecord } from '../shared/run';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore;
let runId: number;
beforeEach(() => {
  t = openTempStore();
  runId = t.store.runs.create(newRun()).id;
});
afterEach(() => t.dispose());

const sample = (run: number, seq: number, status: 'ok' | 'failed', failure: string | null): SampleRecord => ({
  runId: run,
  seq,
  step: seq,
  arc: '0 0',
  archId: 'micro-0',
  reward: 0.5,
  baseline: null,
  logProb: null,
  entropy: null,
  validScore: null,
  paramCount: null,
  status,
  failure,
});

describe('writeBatch', () => {
  it('commits metrics, samples and events of one window together', () => {
    t.store.writeBatch({
      metrics: [{ runId, series: 'child/loss', step: 1, value: 2 }],
      samples: [sample(runId, 0, 'ok', null)],
      events: [{ runId, level: 'info', message: 'window 1' }],
    });
    expect(t.store.metrics.series(runId, 'child/loss', { points: 3 }).total).toBe(1);
    expect(t.store.samples.page({ runId }).total).toBe(1);
    expect(t.store.events.list(runId)).toHaveLength(1);
  });

  it('writes nothing of a batch when one row in it is refused', () => {
    expect(() =>
      t.store.writeBatch({
        metrics: [{ runId, series: 'child/loss', step: 1, value: 2 }],
        samples: [sample(runId, 0, 'ok', null), sample(runId, 1, 'failed', null)],
        events: [{ runId, level: 'info', message: 'window 1' }],
      }),
    ).toThrow(/STORE_CONFLICT/);
    expect(t.store.metrics.seriesNames(runId)).toEqual([]);
    expect(t.store.samples.page({ runId }).total).toBe(0);
    expect(t.store.events.list(runId)).toEqual([]);
  });

  it('accepts an empty batch', () => {
    t.store.writeBatch({});
    expect(t.store.integrityCheck().ok).toBe(true);
  });
});
