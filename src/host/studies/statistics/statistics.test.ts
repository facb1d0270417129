import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta } from './incomplete-beta';
import { kendallTauB } from './kendall-tau';
import { describeValues, exactPermutationP, pairedTest } from './paired-tests';
import { studentTTwoSidedP } from './student-t';

// Student's sleep data (Cushny & Peebles 1905), R's `sleep`: extra hours of sleep of 10 patients under two
// drugs. R 4.x: t.test(extra ~ group, data = sleep, paired = TRUE) → t = -4.0621, df = 9, p-value = 0.002833.
const SLEEP_DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

// Darwin's Zea mays (Fisher 1935, The Design of Experiments §17, §21): height differences, crossed minus
// self-fertilised, in eighths of an inch. Fisher counts 1,726 of the 2^15 = 32,768 sign patterns at least as
// extreme in either direction: two-sided p = 0.05267; Student's t = 2.148, df = 14, p = 0.0497.
const ZEA_MAYS = [49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48];

describe('special functions', () => {
  it('matches closed forms of ln Γ and I_x(a, b)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 12);
    expect(regularizedIncompleteBeta(0.5, 3.7, 3.7)).toBeCloseTo(0.5, 12);
  });

  it('gives the t-table critical values their 5% two-sided tail', () => {
    // t_{0.975, ν} from any t table: ν = 1 → 12.706, ν = 9 → 2.262, ν = 30 → 2.042.
    expect(studentTTwoSidedP(12.7062, 1)).toBeCloseTo(0.05, 5);
    expect(studentTTwoSidedP(2.26216, 9)).toBeCloseTo(0.05, 5);
    expect(studentTTwoSidedP(-2.04227, 30)).toBeCloseTo(0.05, 5);
    expect(studentTTwoSidedP(0, 4)).toBeCloseTo(1, 12);
  });
});

describe('paired tests', () => {
  it('reproduces R’s paired t-test on the sleep data', () => {
    const test = pairedTest(SLEEP_DRUG_1, SLEEP_DRUG_2);
    expect(test.n).toBe(10);
    expect(test.meanDifference).toBeCloseTo(-1.58, 12);
    expect(test.t).toBeCloseTo(-4.0621, 4);
    expect(test.df).toBe(9);
    expect(test.tTestP).toBeCloseTo(0.002833, 6);
  });

  it('reproduces Fisher’s exact randomization test and Student’s t on Darwin’s Zea mays', () => {
    expect(exactPermutationP(ZEA_MAYS) * 2 ** 15).toBe(1726);
    const test = pairedTest(ZEA_MAYS, ZEA_MAYS.map(() => 0));
    expect(test.permutationP).toBeCloseTo(0.05267, 5);
    expect(test.t).toBeCloseTo(2.148, 3);
    expect(test.tTestP).toBeCloseTo(0.0497, 4);
    expect(test.caveats).toEqual([]);
  });

  it('counts sign patterns by hand on three pairs', () => {
    // Sums of ±3 ±1 ±2 (observed 3 − 1 + 2 = 4): 4, 6, 0, 2 and their negatives; |sum| ≥ 4 for 4 of 8.
    expect(exactPermutationP([3, -1, 2])).toBe(0.5);
    // All positive: only +++ and −−− reach |6|.
    expect(exactPermutationP([1, 2, 3])).toBe(0.25);
  });

  it('says plainly that two seeds cannot conclude anything', () => {
    const test = pairedTest([0.9, 0.8], [0.5, 0.4]);
    expect(test.n).toBe(2);
    expect(test.tTestP).toBeNull();
    expect(test.minAttainableP).toBe(0.5);
    expect(test.permutationP).toBe(0.5);
    expect(test.caveats.join(' ')).toMatch(/cannot give p below 0\.5.*too few seeds/);
    expect(test.caveats.join(' ')).toMatch(/no t-test p-value with n = 2/);
  });

  it('pairs by seed and skips seeds one side lacks', () => {
    const test = pairedTest([0.9, null, 0.7, 0.6], [0.5, 0.4, null, 0.3]);
    expect(test.n).toBe(2);
    expect(test.meanDifference).toBeCloseTo(0.35, 12);
  });

  it('describes values with the sample standard deviation', () => {
    expect(describeValues([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, std: Math.sqrt(32 / 7) });
    expect(describeValues([0.8])).toEqual({ n: 1, mean: 0.8, std: null });
  });
});

describe('Kendall τ_b', () => {
  it('matches hand counts without and with ties', () => {
    // 7 concordant, 3 discordant of 10 pairs.
    expect(kendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo(0.4, 12);
    // scipy.stats.kendalltau([1, 2, 2, 3], [1, 2, 3, 3]) → 0.8 (4 concordant, one tie in each).
    expect(kendallTauB([1, 2, 2, 3], [1, 2, 3, 3])).toBeCloseTo(0.8, 12);
    expect(kendallTauB([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(kendallTauB([1, 1], [2, 3])).toBeNull();
  });
});
