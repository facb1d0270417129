import { describe, expect, it } from 'vitest';
import { formatMeanStd, groupBand, meanAndStd, tailMean } from './group-band';
import { evenGrid, interpolateAt } from './interpolate';

describe('interpolateAt', () => {
  it('draws straight lines between points, never extrapolates, skips non-finite points', () => {
    expect(interpolateAt([0, 10], [1, 3], [0, 2.5, 10, -1, 11])).toEqual([1, 1.5, 3, NaN, NaN]);
    expect(interpolateAt([0, 5, 10], [0, NaN, 10], [5])).toEqual([5]);
  });
  it('takes the last point at a repeated x and refuses descending xs', () => {
    expect(interpolateAt([0, 1, 1, 2], [0, 5, 7, 7], [1, 1.5])).toEqual([7, 7]);
    expect(() => interpolateAt([2, 1], [0, 0], [1])).toThrow(RangeError);
  });
  it('spaces a grid evenly and ends it exactly at `to`', () => {
    expect(evenGrid(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(evenGrid(3, 3, 5)).toEqual([3]);
  });
});

describe('groupBand', () => {
  it('averages runs logged at different x after interpolating them onto the union of their x', () => {
    const band = groupBand([{ x: [0, 2, 4], y: [0, 2, 4] }, { x: [0, 4], y: [2, 6] }], 100);
    expect(band.x).toEqual([0, 2, 4]);
    // Run 2 interpolated at x = 2 is 4; the means are (0+2)/2, (2+4)/2, (4+6)/2.
    expect(band.mean).toEqual([1, 3, 5]);
    expect(band.n).toEqual([2, 2, 2]);
    band.std.forEach((s) => expect(s).toBeCloseTo(Math.SQRT2, 12));
  });

  it('counts only the runs that reach x: n = 1 past the shorter run, with no std there', () => {
    const band = groupBand([{ x: [0, 1, 2, 3], y: [1, 1, 1, 1] }, { x: [0, 1], y: [3, 3] }], 100);
    expect(band.n).toEqual([2, 2, 1, 1]);
    expect(band.mean).toEqual([2, 2, 1, 1]);
    expect(band.std[2]).toBeNaN();
  });

  it('falls back to an even grid of `points` when the union of x is larger', () => {
    const band = groupBand([{ x: [0, 1, 2, 3, 4, 5, 6, 7, 8], y: [0, 1, 2, 3, 4, 5, 6, 7, 8] }, { x: [0.5, 8], y: [0.5, 8] }], 5);
    expect(band.x).toEqual([0, 2, 4, 6, 8]);
    expect(band.n).toEqual([1, 2, 2, 2, 2]);
    expect(band.mean).toEqual([0, 2, 4, 6, 8]);
  });
});

describe('mean ± std', () => {
  it('uses the sample standard deviation and prints — for a single value instead of ± 0', () => {
    expect(meanAndStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3) });
    expect(formatMeanStd([0.245])).toBe('0.2450 ± —');
    expect(formatMeanStd([0.2, 0.3])).toBe('0.2500 ± 0.0707');
    expect(formatMeanStd([])).toBe('—');
  });
});

describe('tailMean', () => {
  it('averages the last fraction of the finite values, at least one', () => {
    expect(tailMean([0, 0, 0, 1, 3, NaN], 0.4)).toBe(2);
    expect(tailMean([5, 7], 0.1)).toBe(7);
    expect(tailMean([], 0.25)).toBeNaN();
  });
});
