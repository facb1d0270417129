/**
 * The mean ± standard deviation band of a group of runs (seeds of one strategy, say), as W&B draws a
 * grouped line. Each member is interpolated linearly onto one common x grid (interpolate.ts: no
 * extrapolation), then at every grid x the members that reach x give n, the mean and the sample standard
 * deviation (n − 1 in the denominator). Where n = 1 there is no spread to show: std is NaN, not 0.
 */
import { evenGrid, interpolateAt } from './interpolate';

export interface XY {
  x: readonly number[];
  y: readonly number[];
}

export interface Band {
  x: number[];
  mean: number[];
  std: number[];
  n: number[];
}

/**
 * The common grid is `points` evenly spaced x over the union of the members' x ranges, or the union of their
 * x values when that is smaller (runs logged at the same steps keep exactly those steps).
 */
export function groupBand(members: readonly XY[], points: number): Band {
  const finite = members.map((m) => m.x.filter((x, i) => Number.isFinite(x) && Number.isFinite(m.y[i] ?? NaN)));
  const all = finite.flat();
  if (all.length === 0) return { x: [], mean: [], std: [], n: [] };
  const distinct = [...new Set(all)].sort((a, b) => a - b);
  const grid = distinct.length <= points ? distinct : evenGrid(distinct[0]!, distinct[distinct.length - 1]!, points);
  const columns = members.map((m) => interpolateAt(m.x, m.y, grid));
  const band: Band = { x: grid, mean: [], std: [], n: [] };
  for (let i = 0; i < grid.length; i++) {
    const values = columns.map((c) => c[i] ?? NaN).filter((v) => Number.isFinite(v));
    const { mean, std } = meanAndStd(values);
    band.mean.push(mean);
    band.std.push(std);
    band.n.push(values.length);
  }
  return band;
}

/** Mean and sample standard deviation; std is NaN for fewer than two values (nothing to spread). */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return { mean, std: NaN };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** "0.2450 ± 0.0123", or "0.2450 ± —" for a single value, whose spread is unknown rather than zero. */
export function formatMeanStd(values: readonly number[], digits = 4): string {
  const { mean, std } = meanAndStd(values);
  if (!Number.isFinite(mean)) return '—';
  return `${mean.toFixed(digits)} ± ${Number.isFinite(std) ? std.toFixed(digits) : '—'}`;
}

/** The mean of the last `fraction` of a run's values (at least one): where a search ended up. */
export function tailMean(values: readonly number[], fraction: number): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return NaN;
  const tail = finite.slice(-Math.max(1, Math.ceil(finite.length * fraction)));
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}
