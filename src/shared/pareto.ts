/**
 * The Pareto front of (accuracy, cost) and its hypervolume, for multi-objective search (DPP-Net, Dong et al.
 * 2018, ranks architectures by Pareto dominance; MONAS, Hsu et al. 2018): accuracy is maximised, cost
 * minimised. A point dominates another when it is at least as accurate and at most as costly, and strictly
 * better in one of the two. The front keeps one point per distinct (accuracy, cost) pair: the earliest.
 *
 * Hypervolume (Zitzler & Thiele 1998): the area of the region the front dominates, bounded by a reference
 * point (accuracy₀, cost₀) that every point of interest beats; a point below accuracy₀ or above cost₀ adds
 * nothing. With accuracy as a fraction, cost divided by the space's largest cost and the reference
 * (0, 1), the hypervolume lies in [0, 1]; it grows only when the front improves.
 */

export interface ObjectivePoint {
  /** Higher is better (validation accuracy as a fraction). */
  readonly accuracy: number;
  /** Lower is better (parameters or multiply-adds, possibly normalised). */
  readonly cost: number;
}

/** The non-dominated points, ordered by increasing cost (and so increasing accuracy). */
export function paretoFront<P extends ObjectivePoint>(points: readonly P[]): P[] {
  const order = points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.cost - b.p.cost || b.p.accuracy - a.p.accuracy || a.i - b.i);
  const front: P[] = [];
  let best = -Infinity;
  for (const { p } of order) {
    if (p.accuracy > best) {
      front.push(p);
      best = p.accuracy;
    }
  }
  return front;
}

/** Area dominated by `points` and bounded by `reference`, in accuracy × cost units. */
export function hypervolume(points: readonly ObjectivePoint[], reference: ObjectivePoint): number {
  const front = paretoFront(points.filter((p) => p.accuracy > reference.accuracy && p.cost < reference.cost));
  let area = 0;
  front.forEach((p, i) => {
    const next = front[i + 1]?.cost ?? reference.cost;
    area += (next - p.cost) * (p.accuracy - reference.accuracy);
  });
  return area;
}

/**
 * The hypervolume after each point in order (the front of the first n points, n = 1 … length): how a
 * search's front improved with its samples. Keeps the running front, so n points cost O(n · front size).
 */
export function hypervolumeCurve(points: readonly ObjectivePoint[], reference: ObjectivePoint): number[] {
  let front: ObjectivePoint[] = [];
  let area = 0;
  return points.map((p) => {
    const dominated = front.some((q) => q.accuracy >= p.accuracy && q.cost <= p.cost);
    if (!dominated && p.accuracy > reference.accuracy && p.cost < reference.cost) {
      front = paretoFront([...front, p]);
      area = hypervolume(front, reference);
    }
    return area;
  });
}
