import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultValidationSize, validationMask } from './validation-split';

// Committed seeds plus one fresh seed per run, printed for replay with FC_SEED (docs/reliability.md T3.2).
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`validation-split properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [5, 5000, FRESH_SEED];

describe('validation split', () => {
  it('keeps 5,000 of CIFAR-10’s 50,000 as ENAS does, and 10% of smaller sets', () => {
    expect(defaultValidationSize(50_000)).toBe(5000);
    expect(defaultValidationSize(60_000)).toBe(5000);
    expect(defaultValidationSize(6000)).toBe(600);
  });

  it('gives the same split for the same seed and a different one for another seed', () => {
    const a = validationMask(50_000, 5000, 1);
    expect(validationMask(50_000, 5000, 1)).toEqual(a);
    const b = validationMask(50_000, 5000, 2);
    const shared = a.reduce((n, v, i) => n + (v & b[i]!), 0);
    // Two independent 10% draws share about 500 of 5,000; identical splits would share all.
    expect(shared).toBeGreaterThan(400);
    expect(shared).toBeLessThan(600);
  });

  it('spreads the split over the whole set rather than taking a block', () => {
    const mask = validationMask(10_000, 1000, 3);
    const perTenth = Array.from({ length: 10 }, (_, t) => mask.subarray(t * 1000, (t + 1) * 1000).reduce((n, v) => n + v, 0));
    for (const n of perTenth) expect(Math.abs(n - 100)).toBeLessThan(40);
  });

  it('marks exactly `count` examples for any size and seed, and refuses a split that leaves no training data', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 300 }).chain((total) => fc.tuple(fc.constant(total), fc.integer({ min: 0, max: total - 1 }), fc.nat())), ([total, count, s]) => {
          const mask = validationMask(total, count, s);
          expect(mask.length).toBe(total);
          expect(mask.reduce((n, v) => n + v, 0)).toBe(count);
        }),
        { seed, numRuns: 1000 },
      );
    }
    expect(() => validationMask(10, 10, 0)).toThrow(/0 … 9/);
  });
});
