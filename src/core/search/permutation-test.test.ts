import { describe, expect, it } from 'vitest';
import { permutationTest } from './permutation-test';

/** The exact two-sided p-value by enumerating every split of the pooled values (small groups only). */
function exactP(a: readonly number[], b: readonly number[]): number {
  const pooled = [...a, ...b];
  const n = pooled.length;
  const k = a.length;
  const total = pooled.reduce((x, y) => x + y, 0);
  const stat = (sumA: number): number => Math.abs(sumA / k - (total - sumA) / (n - k));
  const observed = stat(a.reduce((x, y) => x + y, 0));
  let reached = 0;
  let splits = 0;
  const choose = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      splits += 1;
      if (stat(sum) >= observed - 1e-12) reached += 1;
      return;
    }
    for (let i = start; i <= n - left; i++) choose(i + 1, left - 1, sum + (pooled[i] as number));
  };
  choose(0, k, 0);
  return reached / splits;
}

describe('two-sample permutation test', () => {
  it('agrees with the exact enumeration of all 12,870 splits of two groups of 8', () => {
    const a = [0.31, 0.42, 0.38, 0.45, 0.29, 0.5, 0.41, 0.36];
    const b = [0.3, 0.27, 0.35, 0.33, 0.25, 0.39, 0.28, 0.32];
    const exact = exactP(a, b);
    const { meanDiff, pValue } = permutationTest(a, b, { permutations: 20_000, seed: 3 });
    expect(meanDiff).toBeCloseTo(3.12 / 8 - 2.49 / 8, 12);
    // Monte Carlo with 20,000 draws: standard error √(p(1−p)/20000) < 0.0036.
    expect(Math.abs(pValue - exact)).toBeLessThan(0.011);
    expect(exact).toBeLessThan(0.05);
  });

  it('gives p = 1 for identical groups and the smallest attainable p for fully separated ones', () => {
    expect(permutationTest([0.4, 0.4, 0.4], [0.4, 0.4, 0.4]).pValue).toBe(1);
    const separated = permutationTest([10, 11, 12, 13, 14, 15], [0, 1, 2, 3, 4, 5], { permutations: 9999, seed: 1 });
    // Exactly 2 of the 924 splits reach the observed |difference| (this one and its mirror): p = 0.0022.
    expect(separated.pValue).toBeLessThan(0.006);
    expect(separated.meanDiff).toBe(10);
  });

  it('is reproducible for a seed and refuses an empty group', () => {
    const a = [1, 2, 3, 4];
    const b = [2, 3, 4, 5];
    expect(permutationTest(a, b, { seed: 5 })).toEqual(permutationTest(a, b, { seed: 5 }));
    expect(() => permutationTest([], b)).toThrow(RangeError);
  });
});
