import { describe, expect, it } from 'vitest';
import { configDiff, seedlessKey } from './config-diff';

describe('configDiff', () => {
  it('lists only the leaves that differ, with every run value', () => {
    const rows = configDiff([
      { seed: 1, search: { epochs: 2, batchSize: 32 } },
      { seed: 2, search: { epochs: 2, batchSize: 64 } },
    ]);
    expect(rows).toEqual([
      { path: 'search.batchSize', values: [32, 64] },
      { path: 'seed', values: [1, 2] },
    ]);
  });
});

describe('seedlessKey', () => {
  it('groups configs that differ only in the seed', () => {
    expect(seedlessKey({ seed: 1, a: { b: 2 } })).toBe(seedlessKey({ a: { b: 2 }, seed: 9 }));
    expect(seedlessKey({ seed: 1, a: { b: 2 } })).not.toBe(seedlessKey({ seed: 1, a: { b: 3 } }));
  });
});
