/**
 * The x axes Compare offers, and how a run's points get onto them:
 * - `step`: the step the point was stored at (shared-weight steps for child/, epoch/ and per-sample
 *   rewards; controller updates for controller/ series, as the search loop logs them);
 * - `sample`: scored samples so far (architectures the strategy has been rewarded for), the search budget
 *   enas and random-ws spend alike; a per-sample reward is the sample's ordinal;
 * - `time`: seconds since the run started. Neither metrics nor samples carry a time, so it is interpolated
 *   linearly between anchors the store does keep: the run's start (step 0) and each checkpoint (its step
 *   and when it was written: every epoch and every `checkpointEvery` steps), extrapolated past the last
 *   one at the run's mean pace.
 */
export const X_AXES = ['step', 'sample', 'time'] as const;
export type XAxisKind = (typeof X_AXES)[number];

export const X_AXIS_LABELS: Record<XAxisKind, string> = { step: 'step', sample: 'scored samples', time: 'wall time (s)' };

/** What a run contributes to the axis mapping. */
export interface RunTimeline {
  /** The shared-weight step of each scored sample, in sample order (from samples.rewards). */
  scoredSteps: readonly number[];
  /** (step, seconds since start) anchors, ascending in both; empty when the run never started. */
  anchors: readonly { step: number; seconds: number }[];
  /** Scored samples per controller update (enas: numAggregate; random-ws: its scores per epoch); null if unknown. */
  samplesPerUpdate: number | null;
}

/** Anchors from the run's start and its checkpoints; out-of-order ones (a resumed run's clock) are dropped. */
export function timeAnchors(startedAt: number | null, checkpoints: readonly { step: number; createdAt: number }[]): { step: number; seconds: number }[] {
  if (startedAt === null) return [];
  const anchors = [{ step: 0, seconds: 0 }];
  for (const c of [...checkpoints].sort((a, b) => a.step - b.step)) {
    const last = anchors[anchors.length - 1]!;
    const seconds = (c.createdAt - startedAt) / 1000;
    if (c.step > last.step && seconds >= last.seconds) anchors.push({ step: c.step, seconds });
  }
  return anchors;
}

/** Seconds since start at `step`, by the anchors; NaN when there are none. */
export function secondsAtStep(anchors: RunTimeline['anchors'], step: number): number {
  const last = anchors[anchors.length - 1];
  if (last === undefined) return NaN;
  if (anchors.length === 1) return step === last.step ? last.seconds : NaN;
  if (step >= last.step) return last.step === 0 ? NaN : last.seconds * (step / last.step);
  let i = 1;
  while (anchors[i]!.step < step) i += 1;
  const a = anchors[i - 1]!;
  const b = anchors[i]!;
  return a.seconds + ((b.seconds - a.seconds) * (Math.max(step, a.step) - a.step)) / (b.step - a.step);
}

/** How many of the run's scored samples were scored at or before shared-weight step `step`. */
export function samplesAtStep(scoredSteps: readonly number[], step: number): number {
  let lo = 0;
  let hi = scoredSteps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (scoredSteps[mid]! <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** controller/ series count controller updates, not shared-weight steps (search-loop.ts). */
export const isControllerSeries = (series: string): boolean => series.startsWith('controller/');

/**
 * The x of a stored metric point on `axis`. A controller update u comes after u × samplesPerUpdate scored
 * samples; its time is that of its last sample's step. NaN when the run lacks what the axis needs.
 */
export function metricX(axis: XAxisKind, series: string, step: number, timeline: RunTimeline): number {
  if (axis === 'step') return step;
  if (isControllerSeries(series)) {
    if (timeline.samplesPerUpdate === null) return NaN;
    const samples = step * timeline.samplesPerUpdate;
    if (axis === 'sample') return samples;
    const at = timeline.scoredSteps[Math.min(samples, timeline.scoredSteps.length) - 1];
    return at === undefined ? NaN : secondsAtStep(timeline.anchors, at);
  }
  return axis === 'sample' ? samplesAtStep(timeline.scoredSteps, step) : secondsAtStep(timeline.anchors, step);
}

/** The x of the i-th scored sample (0-based), scored at shared-weight step `step`. */
export function sampleX(axis: XAxisKind, index: number, step: number, timeline: RunTimeline): number {
  if (axis === 'step') return step;
  if (axis === 'sample') return index + 1;
  return secondsAtStep(timeline.anchors, step);
}

/**
 * Scored samples per controller update, from a run's stored config: enas and enas-memory score `numAggregate`
 * per update (melodyguan/enas controller `num_aggregate`), parsec its own `numAggregate` (the paper's K),
 * random-ws scores `randomScoresPerEpoch` in its one update.
 */
export function samplesPerUpdate(config: unknown): number | null {
  const c = config as {
    strategy?: { strategy?: unknown; controller?: { numAggregate?: unknown }; parsec?: { numAggregate?: unknown } };
    search?: { randomScoresPerEpoch?: unknown };
  } | null;
  const strategy = c?.strategy;
  const n =
    strategy?.strategy === 'random-ws'
      ? c?.search?.randomScoresPerEpoch
      : strategy?.strategy === 'parsec'
        ? strategy.parsec?.numAggregate
        : strategy?.controller?.numAggregate;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}
