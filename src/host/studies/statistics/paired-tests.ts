/**
 * Paired comparisons of two strategies over the same seeds (seed i of one against seed i of the other):
 *
 * - the paired t-test: d_i = a_i − b_i, t = d̄ / (s_d / √n) with s_d the sample standard deviation
 *   (n − 1 in the denominator), ν = n − 1, two-sided p = P(|T_ν| ≥ |t|) (Student 1908; any textbook, e.g.
 *   Rice, Mathematical Statistics and Data Analysis, §11.3). It assumes normal differences, which a handful
 *   of seeds cannot check, so we report it only from n ≥ 3 and always beside the exact test.
 * - the exact paired permutation (sign-flip) test of Fisher (1935, §21): under "no difference" each d_i is
 *   as likely to be +|d_i| as −|d_i|, so all 2^n sign patterns are equally likely; two-sided
 *   p = #{patterns with |Σ ±d_i| ≥ |Σ d_i|} / 2^n. It assumes nothing about the distribution, and its
 *   smallest attainable p is 2 / 2^n: with n = 4 seeds no outcome can reach p < 0.125, which is what
 *   "too few seeds to conclude anything" means in numbers.
 */
import { studentTTwoSidedP } from './student-t';

/** Above this many pairs the 2^n enumeration is too slow to run in a request (2^20 ≈ 1e6 patterns). */
export const MAX_EXACT_PAIRS = 20;
/** The t-test is reported from this many pairs on. */
export const MIN_T_TEST_PAIRS = 3;

export interface PairedTest {
  /** Pairs (seeds both strategies have a value for). */
  n: number;
  /** Mean of a_i − b_i. */
  meanDifference: number | null;
  /** The t statistic, degrees of freedom and two-sided p; null when n < MIN_T_TEST_PAIRS or s_d = 0. */
  t: number | null;
  df: number | null;
  tTestP: number | null;
  /** Two-sided p of the exact sign-flip test; null when n = 0 or n > MAX_EXACT_PAIRS. */
  permutationP: number | null;
  /** The smallest p the exact test can give with these n pairs: 2 / 2^n (1 when n = 0). */
  minAttainableP: number;
  /** What a reader must know before reading the p-values, in words; empty when nothing. */
  caveats: string[];
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (n − 1 denominator); null for fewer than two values. */
export function sampleStd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Summary of one strategy's per-seed values. */
export function describeValues(values: readonly number[]): { n: number; mean: number | null; std: number | null } {
  return { n: values.length, mean: values.length === 0 ? null : mean(values), std: sampleStd(values) };
}

/** Paired t statistic and its two-sided p, or nulls when it is undefined (n < 2 or all differences equal). */
export function pairedTTest(differences: readonly number[]): { t: number; df: number; p: number } | null {
  const n = differences.length;
  const sd = sampleStd(differences);
  if (n < 2 || sd === null || sd === 0) return null;
  const t = mean(differences) / (sd / Math.sqrt(n));
  return { t, df: n - 1, p: studentTTwoSidedP(t, n - 1) };
}

/** Exact two-sided p of the sign-flip test over every one of the 2^n sign patterns. */
export function exactPermutationP(differences: readonly number[]): number {
  const n = differences.length;
  if (n === 0 || n > MAX_EXACT_PAIRS) throw new RangeError(`exactPermutationP: expected 1 to ${MAX_EXACT_PAIRS} differences, got ${n}`);
  const observed = Math.abs(differences.reduce((s, d) => s + d, 0));
  // A pattern whose sum equals the observed one up to rounding counts as "as extreme".
  const tolerance = 1e-12 * Math.max(1, differences.reduce((s, d) => s + Math.abs(d), 0));
  const patterns = 2 ** n;
  let extreme = 0;
  for (let mask = 0; mask < patterns; mask++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (mask >> i) & 1 ? -(differences[i] ?? 0) : (differences[i] ?? 0);
    if (Math.abs(sum) >= observed - tolerance) extreme += 1;
  }
  return extreme / patterns;
}

/** Compares `a` and `b`, paired by index (seed); both arrays hold one value per seed or null when missing. */
export function pairedTest(a: readonly (number | null)[], b: readonly (number | null)[]): PairedTest {
  const differences: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined) differences.push(x - y);
  }
  const n = differences.length;
  const minAttainableP = n === 0 ? 1 : 2 / 2 ** n;
  const caveats: string[] = [];
  if (n === 0) caveats.push('no seed has a value for both strategies: nothing to compare');
  else if (minAttainableP > 0.05) {
    caveats.push(`with n = ${n} paired seeds the exact test cannot give p below ${Number(minAttainableP.toPrecision(3))}: too few seeds to conclude anything at the 5% level (n ≥ 6 can reach 0.031)`);
  }
  const t = n >= MIN_T_TEST_PAIRS ? pairedTTest(differences) : null;
  if (n > 0 && n < MIN_T_TEST_PAIRS) caveats.push(`no t-test p-value with n = ${n} (needs n ≥ ${MIN_T_TEST_PAIRS})`);
  else if (n >= MIN_T_TEST_PAIRS && t === null) caveats.push('every paired difference is the same: the t statistic is undefined');
  if (n > MAX_EXACT_PAIRS) caveats.push(`the exact test enumerates 2^n patterns and is skipped for n > ${MAX_EXACT_PAIRS}`);
  return {
    n,
    meanDifference: n === 0 ? null : mean(differences),
    t: t?.t ?? null,
    df: t?.df ?? null,
    tTestP: t?.p ?? null,
    permutationP: n === 0 || n > MAX_EXACT_PAIRS ? null : exactPermutationP(differences),
    minAttainableP,
    caveats,
  };
}
