import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { EOS, UNK, buildVocabulary, encodeSplit, splitByRatio, tokenizeLines } from './text-corpus';

// Committed seeds plus one fresh seed per run, printed for replay with FC_SEED (docs/reliability.md T3.2).
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`text-corpus properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [11, 1994, FRESH_SEED];
const RUNS = 1000;

describe('text corpus (PTB conventions)', () => {
  it('splits words on any whitespace and drops blank lines', () => {
    expect(tokenizeLines([' the  cat\tsat\r', '', '   ', 'on\u00a0the mat'])).toEqual([
      ['the', 'cat', 'sat'],
      ['on', 'the', 'mat'],
    ]);
  });

  it('builds the vocabulary on train: <eos>, <unk>, then words by falling count with ties in code-unit order', () => {
    const train = tokenizeLines(['b a c a', 'c a <unk> d']);
    expect(buildVocabulary(train, { minCount: 1, maxVocab: 100 })).toEqual([EOS, UNK, 'a', 'c', 'b', 'd']);
    expect(buildVocabulary(train, { minCount: 2, maxVocab: 100 })).toEqual([EOS, UNK, 'a', 'c']);
    expect(buildVocabulary(train, { minCount: 1, maxVocab: 3 })).toEqual([EOS, UNK, 'a']);
  });

  it('closes every line with <eos> and maps words outside the vocabulary (and literal <unk>) to <unk>', () => {
    const vocab = [EOS, UNK, 'a', 'b'];
    const { ids, lines, unknown } = encodeSplit([['a', 'z', 'b'], ['<unk>']], vocab);
    expect(Array.from(ids)).toEqual([2, 1, 3, 0, 1, 0]);
    expect(lines).toBe(2);
    expect(unknown).toBe(2);
  });

  it('cuts one file into contiguous train, valid and test by ratio, and refuses too few lines', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(splitByRatio(items, [0.8, 0.1, 0.1], 'c.txt')).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [8], [9]]);
    let err: unknown;
    try {
      splitByRatio([1, 2], [0.8, 0.1, 0.1], 'c.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnasError);
    expect((err as EnasError).code).toBe('TEXT_EMPTY');
  });

  it('keeps every id in range, one <eos> per line, and the vocabulary within its cap, for any corpus and policy', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'x', '<unk>');
    const corpus = fc.array(fc.array(word, { minLength: 1, maxLength: 8 }), { maxLength: 20 });
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(corpus, corpus, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 3, max: 8 }), (train, test, minCount, maxVocab) => {
          const vocab = buildVocabulary(train, { minCount, maxVocab });
          expect(vocab.length).toBeLessThanOrEqual(maxVocab);
          expect(new Set(vocab).size).toBe(vocab.length);
          const { ids } = encodeSplit(test, vocab);
          expect(ids.length).toBe(test.reduce((n, l) => n + l.length + 1, 0));
          expect(ids.every((id) => id < vocab.length)).toBe(true);
          expect(ids.filter((id) => id === 0).length).toBe(test.length);
          expect(buildVocabulary([...train].reverse(), { minCount, maxVocab })).toEqual(vocab);
        }),
        { seed, numRuns: RUNS },
      );
    }
  });
});
