import { describe, expect, it } from 'vitest';
import { configDiff, meanStd, seedlessKey } from './config-diff';

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

describe('seedlessKey and meanStd', () => {
  it('groups configs that differ only in the seed, and gives mean ± sample std', () => {
    expect(seedlessKey({ seed: 1, a: { b: 2 } })).toBe(seedlessKey({ a: { b: 2 }, seed: 9 }));
    expect(seedlessKey({ seed: 1, a: { b: 2 } })).not.toBe(seedlessKey({ seed: 1, a: { b: 3 } }));
    const { mean, std } = meanStd([1, 2, 3]);
    expect(mean).toBe(2);
    expect(std).toBeCloseTo(1);
  });
});
