import { describe, expect, it } from 'vitest';
import { debiasedEma } from './smoothing';

/** The definition, summed term by term: (Σ_{i≤t} w^(t−i)(1−w) x_i) / (1 − w^t). */
function byDefinition(xs: readonly number[], w: number): number[] {
  return xs.map((_, t) => {
    let sum = 0;
    for (let i = 0; i <= t; i++) sum += w ** (t - i) * (1 - w) * xs[i]!;
    return sum / (1 - w ** (t + 1));
  });
}

describe('debiasedEma (TensorBoard smoothing)', () => {
  it('equals the debiased weighted sum of the definition', () => {
    const xs = [0.1, 0.5, 0.2, 0.9, 0.4, 0.35, 0.8];
    for (const w of [0.3, 0.6, 0.95]) {
      const got = debiasedEma(xs, w);
      byDefinition(xs, w).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    }
  });

  it('starts at the first value (no pull towards zero) and leaves weight 0 unsmoothed', () => {
    expect(debiasedEma([0.7, 0.1], 0.9)[0]).toBeCloseTo(0.7, 12);
    expect(debiasedEma([0.7, 0.1], 0.9)[1]).toBeCloseTo((0.9 * 0.1 * 0.7 + 0.1 * 0.1) / (1 - 0.81), 12);
    expect(debiasedEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('passes non-finite values through without counting them, and keeps a constant series exact', () => {
    const out = debiasedEma([1, NaN, 3], 0.5);
    expect(out[1]).toBeNaN();
    // The third point is the second finite one: (0.5·0.5·1 + 0.5·3) / (1 − 0.25).
    expect(out[2]).toBeCloseTo((0.25 + 1.5) / 0.75, 12);
    expect(debiasedEma([0.1, 0.1, 0.1], 0.9)).toEqual([0.1, 0.1, 0.1]);
  });

  it('refuses a weight outside [0, 1)', () => {
    expect(() => debiasedEma([1], 1)).toThrow(RangeError);
    expect(() => debiasedEma([1], -0.1)).toThrow(RangeError);
  });
});
