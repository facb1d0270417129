import { describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng';
import { embeddingDropoutMask } from './embedding-dropout';

describe('embeddingDropoutMask', () => {
  it('drops a word type everywhere or nowhere within a row, independently per row', () => {
    // Two rows of 12 steps over 3 word types.
    const tokens = Int32Array.from({ length: 24 }, (_, i) => i % 3);
    const mask = embeddingDropoutMask(tokens, 2, 12, 0.5, createPrng(3));
    for (let b = 0; b < 2; b++) {
      const byToken = new Map<number, Set<number>>();
      for (let t = 0; t < 12; t++) {
        const token = tokens[b * 12 + t] as number;
        const seen = byToken.get(token) ?? new Set<number>();
        seen.add(mask[b * 12 + t] as number);
        byToken.set(token, seen);
      }
      for (const values of byToken.values()) {
        expect(values.size).toBe(1);
        expect([0, 2]).toContain([...values][0]);
      }
    }
  });

  it('keeps about keepProb of the word types, scaled by 1/keepProb', () => {
    const steps = 2000;
    const tokens = Int32Array.from({ length: steps }, (_, i) => i);
    const mask = embeddingDropoutMask(tokens, 1, steps, 0.75, createPrng(9));
    const kept = Array.from(mask).filter((v) => v > 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    expect(kept.length / steps).toBeGreaterThan(0.72);
    expect(kept.length / steps).toBeLessThan(0.78);
  });

  it('draws nothing and keeps everything at keepProb 1', () => {
    const prng = createPrng(1);
    const before = prng.state();
    expect(Array.from(embeddingDropoutMask(Int32Array.from([1, 2, 3]), 1, 3, 1, prng))).toEqual([1, 1, 1]);
    expect(prng.state()).toEqual(before);
  });
});
