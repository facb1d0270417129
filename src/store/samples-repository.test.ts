import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { samplePageSchema } from '../shared/run';
import type { SampleRecord } from '../shared/run';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore;
let runId: number;

/** 20 samples over 10 steps, two per step; every fifth failed; archIds repeat every 4 samples. */
function samples(run: number): SampleRecord[] {
  return Array.from({ length: 20 }, (_, seq): SampleRecord => {
    const failed = seq % 5 === 4;
    return {
      runId: run,
      seq,
      step: Math.floor(seq / 2),
      arc: `${seq % 4} 1 0 2`,
      archId: `micro-${(seq % 4).toString().padStart(16, '0')}`,
      reward: failed ? null : ((seq * 7) % 20) / 20,
      baseline: 0.4,
      logProb: -seq / 10,
      entropy: 1,
      validScore: failed ? null : ((seq * 3) % 20) / 20,
      paramCount: 1_000 + seq,
      status: failed ? 'failed' : 'ok',
      failure: failed ? 'shape error in node 3' : null,
    };
  });
}

beforeEach(() => {
  t = openTempStore();
  runId = t.store.runs.create(newRun()).id;
  t.store.writeBatch({ samples: samples(runId) });
});
afterEach(() => t.dispose());

describe('samples repository', () => {
  it('keeps the phase that sampled each architecture (derive candidates apart from controller samples)', () => {
    const [a, b] = samples(runId);
    t.store.writeBatch({ samples: [{ ...a!, seq: 100, phase: 'controller' }, { ...b!, seq: 101, phase: 'derive' }] });
    const rows = t.store.samples.page({ runId, offset: 20 }).rows;
    expect(rows.map((r) => [r.seq, r.phase])).toEqual([[100, 'controller'], [101, 'derive']]);
    expect(t.store.samples.page({ runId, limit: 1 }).rows[0]?.phase).toBeNull();
  });

  it('pages through samples in sequence order by default', () => {
    const first = t.store.samples.page({ runId, limit: 8 });
    samplePageSchema.parse(first);
    expect(first.total).toBe(20);
    expect(first.rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(first.rows[4]).toMatchObject({ status: 'failed', failure: 'shape error in node 3', reward: null });
    const third = t.store.samples.page({ runId, limit: 8, offset: 16 });
    expect(third.rows.map((r) => r.seq)).toEqual([16, 17, 18, 19]);
  });

  it('reads every sample that has a reward as columns in sample order, and nothing of another run', () => {
    const other = t.store.runs.create(newRun()).id;
    t.store.writeBatch({ samples: [{ ...samples(other)[0]!, reward: 0.9 }] });
    const r = t.store.samples.rewards(runId);
    // Samples 4, 9, 14, 19 have no reward; the other 16 come back with their step and reward.
    expect(r.seq).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18]);
    expect(r.step).toEqual(r.seq.map((seq) => Math.floor(seq / 2)));
    expect(r.reward).toEqual(r.seq.map((seq) => ((seq * 7) % 20) / 20));
    expect(t.store.samples.rewards(other)).toEqual({ runId: other, seq: [0], step: [0], reward: [0.9] });
  });

  it('sorts by reward descending with failed samples (no reward) last', () => {
    const page = t.store.samples.page({ runId, sortBy: 'reward', order: 'desc', limit: 20 });
    const rewards = page.rows.map((r) => r.reward);
    const known = rewards.filter((r): r is number => r !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(rewards.slice(known.length)).toEqual([null, null, null, null]);
  });

  it('filters by status, archId, minimum reward and step range, counting the whole filtered set', () => {
    expect(t.store.samples.page({ runId, status: 'failed' }).rows.map((r) => r.seq)).toEqual([4, 9, 14, 19]);
    const arch = t.store.samples.page({ runId, archId: 'micro-0000000000000001' });
    expect(arch.rows.map((r) => r.seq)).toEqual([1, 5, 9, 13, 17]);
    const good = t.store.samples.page({ runId, minReward: 0.8, sortBy: 'reward', order: 'desc' });
    expect(good.rows.every((r) => (r.reward ?? 0) >= 0.8)).toBe(true);
    expect(good.total).toBe(good.rows.length);
    const steps = t.store.samples.page({ runId, fromStep: 3, toStep: 4, sortBy: 'step', limit: 2 });
    expect(steps.total).toBe(4);
    expect(steps.rows.map((r) => r.seq)).toEqual([6, 7]);
  });

  it('overwrites a sample replayed with the same seq after a resume', () => {
    const [replayed] = samples(runId);
    if (replayed === undefined) throw new Error('no sample');
    t.store.writeBatch({ samples: [{ ...replayed, arc: '3 3 3 3', reward: 0.99 }] });
    const page = t.store.samples.page({ runId, limit: 1 });
    expect(page.total).toBe(20);
    expect(page.rows[0]).toMatchObject({ seq: 0, arc: '3 3 3 3', reward: 0.99 });
  });

  it('refuses a failed sample without a reason', () => {
    const [s] = samples(runId);
    if (s === undefined) throw new Error('no sample');
    expect(() => t.store.writeBatch({ samples: [{ ...s, seq: 100, status: 'failed', failure: null }] })).toThrow(
      /STORE_CONFLICT/,
    );
  });

  it('rejects an unknown sort key with STORE_BAD_ARGUMENT', () => {
    expect(() => t.store.samples.page({ runId, sortBy: 'arc; DROP TABLE runs' as 'seq' })).toThrow(/STORE_BAD_ARGUMENT/);
  });
});
