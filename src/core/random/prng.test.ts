import { describe, expect, it } from 'vitest';
import { createStreamPrng, createPrng, createPrngFromState } from './prng';

describe('prng', () => {
  it('replays the same stream from the same seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    const ys = Array.from({ length: 100 }, () => b.next());
    expect(xs).toEqual(ys);
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = createPrng(1);
    const b = createPrng(2);
    const same = Array.from({ length: 100 }, () => a.next() === b.next()).filter(Boolean).length;
    expect(same).toBe(0);
  });

  it('continues the same stream after a state round trip (as a resumed run does)', () => {
    const a = createPrng(7);
    for (let i = 0; i < 13; i++) a.next();
    const b = createPrngFromState(JSON.parse(JSON.stringify(a.state())));
    expect(Array.from({ length: 50 }, () => b.int(1000))).toEqual(Array.from({ length: 50 }, () => a.int(1000)));
  });

  it('rewinds in place with setState, so holders of the generator replay the same draws', () => {
    const r = createPrng(5);
    const saved = r.state();
    const first = Array.from({ length: 20 }, () => r.next());
    r.setState(saved);
    expect(Array.from({ length: 20 }, () => r.next())).toEqual(first);
    expect(() => r.setState([0, 0, 0, 0])).toThrow(/all zero/);
  });

  it('draws integers uniformly enough for a chi-square test at 6 categories', () => {
    const r = createPrng(123);
    const counts = new Array<number>(6).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[r.int(6)]! += 1;
    const expected = n / 6;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 5 degrees of freedom: p = 0.001 at 20.5.
    expect(chi2).toBeLessThan(20.5);
  });

  it('floats lie in [0, 1)', () => {
    const r = createPrng(9);
    for (let i = 0; i < 10_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('rejects an all-zero state and a bad seed with a message saying what was expected', () => {
    expect(() => createPrngFromState([0, 0, 0, 0])).toThrow(/all zero/);
    expect(() => createPrng(0.5)).toThrow(/safe integer/);
  });
  it('gives every (seed, stream, index) its own replayable stream, for any safe integers', () => {
    const first = (seed: number, stream: number, index: number): number[] => {
      const prng = createStreamPrng(seed, stream, index);
      return [prng.next(), prng.next(), prng.next()];
    };
    expect(first(3, 101, 7)).toEqual(first(3, 101, 7));
    const seen = new Set<string>();
    // Seeds and indices up to 2^40 and the neighbours of each: no two of these 300 streams start alike.
    for (const seed of [0, 1, 2, 2 ** 40]) {
      for (const stream of [101, 102, 103]) {
        for (let index = 0; index < 25; index++) seen.add(first(seed, stream, index).join());
      }
    }
    expect(seen.size).toBe(4 * 3 * 25);
    expect(() => createStreamPrng(1.5, 0, 0)).toThrow(/seed must be a safe integer/);
  });
});
