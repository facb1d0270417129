/**
 * What Compare draws, before any chart library sees it: one line per group of runs (a run alone is its own
 * group). A lone run is its smoothed series, over its raw points drawn faintly (TensorBoard's look); a group
 * of two or more is the mean of its members' smoothed series with a mean ± std band (group-band.ts), each
 * member smoothed first, on its own points, then interpolated onto the group's common x grid.
 */
import { debiasedEma } from './smoothing';
import { groupBand } from './group-band';
import type { RunGroup } from './run-grouping';

/** A run's points on the chosen x axis, in the order they were logged. */
export interface RunPoints {
  runId: number;
  x: readonly number[];
  y: readonly number[];
}

export interface CompareLine {
  key: string;
  name: string;
  runIds: number[];
  x: number[];
  y: number[];
  /** The unsmoothed points of a lone run when smoothing is on; null otherwise. */
  raw: { x: number[]; y: number[] } | null;
  /** mean ± sample std where at least two runs reach x (NaN elsewhere); null for a lone run. */
  band: { lower: number[]; upper: number[]; std: number[]; n: number[] } | null;
}

function finitePoints(x: readonly number[], y: readonly number[]): { x: number[]; y: number[] } {
  const out = { x: [] as number[], y: [] as number[] };
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      out.x.push(x[i]!);
      out.y.push(y[i]!);
    }
  }
  return out;
}

/** Points sorted by x (stable: points at one x keep their logged order). */
function byX(points: { x: number[]; y: number[] }): { x: number[]; y: number[] } {
  const order = points.x.map((_, i) => i).sort((a, b) => points.x[a]! - points.x[b]! || a - b);
  return { x: order.map((i) => points.x[i]!), y: order.map((i) => points.y[i]!) };
}

export function buildLines(runs: readonly RunPoints[], groups: readonly RunGroup[], options: { smoothing: number; gridPoints: number }): CompareLine[] {
  const byRun = new Map(runs.map((r) => [r.runId, r]));
  const lines: CompareLine[] = [];
  for (const group of groups) {
    // A run with no point on this axis (no checkpoint yet for wall time, say) is left out of its group.
    const members = group.runIds
      .map((id) => byRun.get(id))
      .filter((r): r is RunPoints => r !== undefined)
      .map((run) => ({ run, finite: finitePoints(run.x, run.y) }))
      .filter((m) => m.finite.x.length > 0);
    if (members.length === 0) continue;
    // Smoothing follows the logged order, as TensorBoard's does; points are sorted by x only to be drawn.
    const smoothed = members.map((m) => byX({ x: m.finite.x, y: debiasedEma(m.finite.y, options.smoothing) }));
    if (members.length === 1) {
      const only = members[0]!;
      lines.push({
        key: group.key,
        name: group.label,
        runIds: [only.run.runId],
        ...smoothed[0]!,
        raw: options.smoothing > 0 ? byX(only.finite) : null,
        band: null,
      });
      continue;
    }
    const band = groupBand(smoothed, options.gridPoints);
    lines.push({
      key: group.key,
      name: `${group.label} (mean of ${members.length})`,
      runIds: members.map((m) => m.run.runId),
      x: band.x,
      y: band.mean,
      raw: null,
      band: {
        lower: band.mean.map((m, i) => m - band.std[i]!),
        upper: band.mean.map((m, i) => m + band.std[i]!),
        std: band.std,
        n: band.n,
      },
    });
  }
  return lines;
}
