import { describe, expect, it } from 'vitest';
import { createPrng } from '../random/prng';
import { drawIndex, entropyOf, logSoftmax } from './categorical';

describe('categorical decisions', () => {
  it('gives log-probabilities that sum to one, unchanged by a shift of the logits', () => {
    const lp = logSoftmax([1, 2, 3]);
    expect(lp.reduce((acc, x) => acc + Math.exp(x), 0)).toBeCloseTo(1, 12);
    const shifted = logSoftmax([1001, 1002, 1003]);
    shifted.forEach((x, i) => expect(x).toBeCloseTo(lp[i] ?? NaN, 12));
    // Reference: log(e^3 / (e^1 + e^2 + e^3)) = −0.40760596444…
    expect(lp[2]).toBeCloseTo(-0.4076059644443803, 12);
  });

  it('gives the uniform distribution the entropy ln k, and a certain one entropy 0', () => {
    expect(entropyOf(logSoftmax([0, 0, 0, 0, 0]))).toBeCloseTo(Math.log(5), 12);
    expect(entropyOf([0, -Infinity, -Infinity])).toBe(0);
  });

  it('draws each index about as often as its probability and never an impossible one', () => {
    const prng = createPrng(42);
    const logProbs = [Math.log(0.5), Math.log(0.3), -Infinity, Math.log(0.2)];
    const counts = [0, 0, 0, 0];
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const k = drawIndex(logProbs, prng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    // Binomial standard deviation at n = 20000 is at most 0.0036: 0.015 is four of them.
    expect(Math.abs((counts[0] ?? 0) / n - 0.5)).toBeLessThan(0.015);
    expect(Math.abs((counts[1] ?? 0) / n - 0.3)).toBeLessThan(0.015);
    expect(counts[2]).toBe(0);
    expect(Math.abs((counts[3] ?? 0) / n - 0.2)).toBeLessThan(0.015);
  });
});
