/**
 * Two-sample permutation test of a difference in means (Fisher 1935; Good, "Permutation, Parametric and
 * Bootstrap Tests of Hypotheses", 2005, §3): pool both groups, re-split them at random `permutations` times,
 * and count how often the re-split's |mean(a) − mean(b)| reaches the observed one. The p-value
 * (1 + count) / (1 + permutations) is the Monte Carlo estimate that never reports 0 (Phipson & Smyth 2010).
 * No distributional assumption: accuracies of children are bounded, skewed and few. Seeded, so a run
 * reports the same p-value when replayed.
 */
import { createPrng } from '../random/prng';

export interface PermutationTestResult {
  /** mean(a) − mean(b). */
  readonly meanDiff: number;
  /** Two-sided p-value. */
  readonly pValue: number;
}

export function permutationTest(
  a: readonly number[],
  b: readonly number[],
  options: { readonly permutations?: number; readonly seed?: number } = {},
): PermutationTestResult {
  if (a.length === 0 || b.length === 0) throw new RangeError('permutation test: both groups need at least one value');
  const permutations = options.permutations ?? 9999;
  const prng = createPrng(options.seed ?? 0);
  const pooled = [...a, ...b];
  const total = pooled.reduce((x, y) => x + y, 0);
  const sumA = a.reduce((x, y) => x + y, 0);
  const diffOf = (sumFirst: number): number => sumFirst / a.length - (total - sumFirst) / b.length;
  const observed = diffOf(sumA);
  // A relative tolerance: re-splits that tie the observed statistic up to float rounding count as reaching it.
  const threshold = Math.abs(observed) * (1 - 1e-12) - 1e-15;
  let reached = 0;
  for (let r = 0; r < permutations; r++) {
    // Partial Fisher–Yates: the first a.length slots of a random permutation form the re-drawn group a.
    let sum = 0;
    for (let i = 0; i < a.length; i++) {
      const j = i + prng.int(pooled.length - i);
      const tmp = pooled[i] as number;
      pooled[i] = pooled[j] as number;
      pooled[j] = tmp;
      sum += pooled[i] as number;
    }
    if (Math.abs(diffOf(sum)) >= threshold) reached += 1;
  }
  return { meanDiff: observed, pValue: (1 + reached) / (1 + permutations) };
}
