/**
 * Linear interpolation of a series onto other x values, to average runs whose points sit at different x
 * (a run logged every 3 steps, another every 5; wall-clock times never line up). Inside a series' own x
 * range the value is the straight line between its two neighbouring points; outside it the value is NaN,
 * never extrapolated, so a group's mean at x only counts the runs that reached x.
 */

/** `xs` ascending (ties allowed: the last point at a tied x wins); non-finite ys are skipped. */
export function interpolateAt(xs: readonly number[], ys: readonly number[], at: readonly number[]): number[] {
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? NaN;
    const y = ys[i] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (px.length > 0 && x < px[px.length - 1]!) throw new RangeError('interpolateAt: xs must be ascending');
    if (px.length > 0 && x === px[px.length - 1]) py[py.length - 1] = y;
    else {
      px.push(x);
      py.push(y);
    }
  }
  return at.map((x) => {
    if (px.length === 0 || x < px[0]! || x > px[px.length - 1]!) return NaN;
    let lo = 0;
    let hi = px.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (px[mid]! <= x) lo = mid;
      else hi = mid;
    }
    const x0 = px[lo]!;
    const x1 = px[hi]!;
    if (x1 === x0 || x === x0) return py[lo]!;
    return py[lo]! + ((py[hi]! - py[lo]!) * (x - x0)) / (x1 - x0);
  });
}

/** `count` evenly spaced x values over [from, to] (one value when they are equal). */
export function evenGrid(from: number, to: number, count: number): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return [];
  if (to === from || count < 2) return [from];
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? to : from + ((to - from) * i) / (count - 1)));
}
