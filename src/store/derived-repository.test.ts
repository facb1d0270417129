import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore;
let runId: number;
beforeEach(() => {
  t = openTempStore();
  runId = t.store.runs.create(newRun()).id;
});
afterEach(() => t.dispose());

describe('derived architectures repository', () => {
  it('lists the ranking best first', () => {
    t.store.derived.replace(runId, [
      { rank: 2, arc: '1 0 1 0', archId: 'micro-b', score: 0.8 },
      { rank: 1, arc: '0 0 0 0', archId: 'micro-a', score: 0.9 },
    ]);
    expect(t.store.derived.list(runId)).toEqual([
      { runId, rank: 1, arc: '0 0 0 0', archId: 'micro-a', score: 0.9 },
      { runId, rank: 2, arc: '1 0 1 0', archId: 'micro-b', score: 0.8 },
    ]);
  });

  it('replaces a previous ranking whole', () => {
    t.store.derived.replace(runId, [
      { rank: 1, arc: '0', archId: 'a', score: 1 },
      { rank: 2, arc: '1', archId: 'b', score: 0.5 },
    ]);
    t.store.derived.replace(runId, [{ rank: 1, arc: '2', archId: 'c', score: 0.7 }]);
    expect(t.store.derived.list(runId).map((d) => d.archId)).toEqual(['c']);
  });

  it('keeps the old ranking when the new one is invalid (duplicate rank)', () => {
    t.store.derived.replace(runId, [{ rank: 1, arc: '0', archId: 'a', score: 1 }]);
    expect(() =>
      t.store.derived.replace(runId, [
        { rank: 1, arc: '1', archId: 'b', score: 0.5 },
        { rank: 1, arc: '2', archId: 'c', score: 0.4 },
      ]),
    ).toThrow(/STORE_CONFLICT/);
    expect(t.store.derived.list(runId).map((d) => d.archId)).toEqual(['a']);
  });
});
