import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLttbStream } from './lttb';

/**
 * Steinarsson's reference LTTB (thesis, 2013, and its published JavaScript), written out over whole arrays:
 * the brute-force version the streaming one must equal point for point.
 */
function referenceLttb(data: readonly (readonly [number, number])[], threshold: number): [number, number][] {
  const n = data.length;
  if (threshold >= n) return data.map(([x, y]) => [x, y]);
  const at = (i: number): readonly [number, number] => {
    const p = data[i];
    if (p === undefined) throw new Error(`no point ${i}`);
    return p;
  };
  const sampled: [number, number][] = [[...at(0)]];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    let avgStart = Math.floor((i + 1) * every) + 1;
    let avgEnd = Math.floor((i + 2) * every) + 1;
    avgEnd = avgEnd < n ? avgEnd : n;
    const avgLength = avgEnd - avgStart;
    let avgX = 0;
    let avgY = 0;
    for (; avgStart < avgEnd; avgStart++) {
      avgX += at(avgStart)[0];
      avgY += at(avgStart)[1];
    }
    avgX /= avgLength;
    avgY /= avgLength;
    let rangeOffs = Math.floor(i * every) + 1;
    const rangeTo = Math.floor((i + 1) * every) + 1;
    const [ax, ay] = at(a);
    let maxArea = -1;
    let next = rangeOffs;
    for (; rangeOffs < rangeTo; rangeOffs++) {
      const [x, y] = at(rangeOffs);
      const area = Math.abs((ax - avgX) * (y - ay) - (ax - x) * (avgY - ay)) * 0.5;
      if (area > maxArea) {
        maxArea = area;
        next = rangeOffs;
      }
    }
    sampled.push([...at(next)]);
    a = next;
  }
  sampled.push([...at(n - 1)]);
  return sampled;
}

function streamed(data: readonly (readonly [number, number])[], threshold: number): [number, number][] {
  const stream = createLttbStream(data.length, threshold);
  for (const [x, y] of data) stream.push(x, y);
  const { xs, ys } = stream.finish();
  return xs.map((x, i) => [x, ys[i] ?? Number.NaN]);
}

/**
 * Random series from (length, seed): strictly increasing integer x with random gaps, finite y with jumps.
 * Built from two integers (not an array arbitrary) so that fast-check shrinks a failure quickly.
 */
const series = fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer()).map(([n, seed]) => {
  let state = seed >>> 0;
  const next = (): number => {
    // Numerical Recipes LCG: enough spread for test data, reproducible from the seed fast-check prints.
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let x = -20;
  return Array.from({ length: n }, (): [number, number] => [(x += 1 + Math.floor(next() * 50)), (next() - 0.5) * 2e6 * next()]);
});

describe('streaming LTTB', () => {
  it('equals the brute-force reference on random series and thresholds', () => {
    // Thresholds mostly far below the length, so buckets hold many points; some above it (pass-through).
    const threshold = fc.oneof(
      { arbitrary: fc.integer({ min: 3, max: 60 }), weight: 8 },
      { arbitrary: fc.integer({ min: 3, max: 2500 }), weight: 2 },
    );
    fc.assert(
      fc.property(series, threshold, (data, threshold) => {
        expect(streamed(data, threshold)).toEqual(referenceLttb(data, threshold));
      }),
      { seed: 20_130_601, numRuns: 150 },
    );
  });

  it('returns exactly N points and keeps the first and last point', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 3, max: 200 }), (data, threshold) => {
        const out = streamed(data, threshold);
        expect(out).toHaveLength(Math.min(data.length, threshold));
        if (data.length > 0) {
          expect(out[0]).toEqual(data[0]);
          expect(out.at(-1)).toEqual(data.at(-1));
        }
        const original = new Set(data.map(([x, y]) => `${x},${y}`));
        for (const [x, y] of out) expect(original.has(`${x},${y}`)).toBe(true);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('keeps the spike of a flat series, which uniform decimation would drop', () => {
    const data: [number, number][] = Array.from({ length: 10_000 }, (_, i) => [i, i === 4321 ? 100 : 0]);
    expect(streamed(data, 100)).toContainEqual([4321, 100]);
  });

  it('downsamples a million points through buffers of one bucket', () => {
    const n = 1_000_000;
    const stream = createLttbStream(n, 2000);
    for (let i = 0; i < n; i++) stream.push(i, Math.sin(i / 1000));
    const { xs } = stream.finish();
    expect(xs).toHaveLength(2000);
    expect(xs[0]).toBe(0);
    expect(xs.at(-1)).toBe(n - 1);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1] ?? Infinity);
  });

  it('rejects unordered x, a wrong point count and a threshold below 3', () => {
    const stream = createLttbStream(3, 3);
    stream.push(1, 0);
    expect(() => stream.push(1, 0)).toThrow(/strictly increasing x/);
    const short = createLttbStream(10, 3);
    short.push(0, 0);
    expect(() => short.finish()).toThrow(/announced 10 points but got 1/);
    expect(() => createLttbStream(10, 2)).toThrow(/threshold must be an integer ≥ 3/);
  });
});
