import { describe, expect, it } from 'vitest';
import { hypervolume, hypervolumeCurve, paretoFront } from './pareto';

const pt = (accuracy: number, cost: number) => ({ accuracy, cost });

describe('pareto front', () => {
  it('keeps exactly the non-dominated points of a hand-checked set, cheapest first', () => {
    // a (0.70, 1) cheapest; b (0.80, 2); c (0.75, 3) is dominated by b; d (0.90, 4); e (0.85, 4) dominated
    // by d (same cost, less accurate); f (0.90, 5) dominated by d (same accuracy, costlier).
    const [a, b, c, d, e, f] = [pt(0.7, 1), pt(0.8, 2), pt(0.75, 3), pt(0.9, 4), pt(0.85, 4), pt(0.9, 5)];
    expect(paretoFront([c, f, e, d, b, a])).toEqual([a, b, d]);
    expect(paretoFront([])).toEqual([]);
  });

  it('keeps one of two equal points, the earliest', () => {
    const first = { ...pt(0.8, 2), id: 'first' };
    const second = { ...pt(0.8, 2), id: 'second' };
    expect(paretoFront([first, second]).map((p) => p.id)).toEqual(['first']);
  });
});

describe('hypervolume', () => {
  it('is the area of the staircase the front dominates, to the reference point', () => {
    // Reference (0, 10). Front (0.5, 2), (0.8, 6): [2, 6) × 0.5 + [6, 10) × 0.8 = 2 + 3.2 = 5.2.
    expect(hypervolume([pt(0.5, 2), pt(0.8, 6), pt(0.4, 8)], pt(0, 10))).toBeCloseTo(5.2, 12);
    // One point (0.9, 0.25) against (0, 1): 0.75 × 0.9.
    expect(hypervolume([pt(0.9, 0.25)], pt(0, 1))).toBeCloseTo(0.675, 12);
  });

  it('ignores points beyond the reference and measures from its accuracy', () => {
    expect(hypervolume([pt(0.9, 12)], pt(0, 10))).toBe(0);
    // Accuracy reference 0.5: (0.8 − 0.5) × (10 − 6) = 1.2; the (0.4, 1) point is below the reference.
    expect(hypervolume([pt(0.8, 6), pt(0.4, 1)], pt(0.5, 10))).toBeCloseTo(1.2, 12);
  });

  it('grows over time only when a new point joins the front', () => {
    const curve = hypervolumeCurve([pt(0.5, 6), pt(0.4, 8), pt(0.5, 2), pt(0.8, 6)], pt(0, 10));
    // (0.5, 6): 4 × 0.5 = 2; (0.4, 8) dominated: 2; (0.5, 2): 8 × 0.5 = 4; (0.8, 6): 5.2.
    expect(curve.map((v) => Number(v.toFixed(12)))).toEqual([2, 2, 4, 5.2]);
  });
});
