import { describe, expect, it } from 'vitest';
import { unigramPerplexity } from './unigram-baseline';

describe('unigram baseline', () => {
  it('is the vocabulary size when every word is equally frequent', () => {
    const train = Int32Array.from({ length: 400 }, (_, i) => i % 4);
    expect(unigramPerplexity(train, Int32Array.from([0, 1, 2, 3]), 4)).toBeCloseTo(4, 10);
  });

  it('follows the add-one smoothed training frequencies', () => {
    // Counts 1+3 and 1+1 of 4 + 2: p(0) = 4/6, p(1) = 2/6; the split holds one of each.
    const ppl = unigramPerplexity(Int32Array.from([0, 0, 0, 1]), Int32Array.from([0, 1]), 2);
    expect(ppl).toBeCloseTo(Math.exp(-(Math.log(4 / 6) + Math.log(2 / 6)) / 2), 10);
  });
});
