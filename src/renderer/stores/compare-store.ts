/**
 * The Compare view's state: what is charted (a metric series, or the reward of every scored sample), how
 * (EMA smoothing weight, grouping, x axis, log y) and the data loaded for the picked runs, with the lines
 * that follows from them (compare/compare-lines.ts). A store rather than view state so the picks survive a
 * trip to another view; nothing is persisted across a reload (the workbench has no URL or storage state
 * yet: `settings` is the one object a future hash route would carry).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { MetricSeries, RunSummary, SampleRewards } from '../../shared/run';
import { buildLines } from '../compare/compare-lines';
import type { RunPoints } from '../compare/compare-lines';
import { groupRuns } from '../compare/run-grouping';
import type { Grouping } from '../compare/run-grouping';
import { metricX, sampleX } from '../compare/x-axis';
import type { RunTimeline, XAxisKind } from '../compare/x-axis';

/** The pseudo-series of per-sample rewards (samples.rewards), listed first among the series. */
export const REWARD_SERIES = 'sample/reward';

/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING = 0.6;

/** Grid points of a group's mean ± std band. */
const BAND_POINTS = 400;

export const useCompareStore = defineStore('compare', () => {
  const series = ref(REWARD_SERIES);
  const smoothing = ref(DEFAULT_SMOOTHING);
  const grouping = ref<Grouping>('none');
  const xAxis = ref<XAxisKind>('sample');
  const logY = ref(false);

  /** The picked runs, in pick order, as the view last loaded them. */
  const runs = shallowRef<RunSummary[]>([]);
  const metrics = shallowRef<MetricSeries[]>([]);
  const rewards = shallowRef<SampleRewards[]>([]);
  const timelines = shallowRef<Map<number, RunTimeline>>(new Map());

  const points = computed<RunPoints[]>(() => {
    const axis = xAxis.value;
    const timelineOf = (runId: number): RunTimeline => timelines.value.get(runId) ?? { scoredSteps: [], anchors: [], samplesPerUpdate: null };
    if (series.value === REWARD_SERIES) {
      return rewards.value.map((r) => ({
        runId: r.runId,
        x: r.step.map((step, i) => sampleX(axis, i, step, timelineOf(r.runId))),
        y: r.reward,
      }));
    }
    return metrics.value.map((m) => ({
      runId: m.runId,
      x: m.steps.map((step) => metricX(axis, m.series, step, timelineOf(m.runId))),
      y: m.values,
    }));
  });

  const groups = computed(() => groupRuns(runs.value, grouping.value));
  const lines = computed(() => buildLines(points.value, groups.value, { smoothing: smoothing.value, gridPoints: BAND_POINTS }));

  /** Runs whose points have no place on the chosen axis (no checkpoint yet, an unknown config). */
  const unplaced = computed(() =>
    points.value.filter((p) => p.x.length > 0 && p.x.every((x) => !Number.isFinite(x))).map((p) => p.runId),
  );

  return { series, smoothing, grouping, xAxis, logY, runs, metrics, rewards, timelines, points, groups, lines, unplaced };
});
