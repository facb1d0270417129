/**
 * Every stored point of a metric series, in step order, read through the store's series query. A query
 * whose step range spans at most `points` steps cannot hold more than `points` points ((series, step) is
 * unique), and the store returns all points when there are no more than asked for, so windows of
 * WINDOW_STEPS steps give the raw series, not a downsampled one. NaN values are not stored as numbers and
 * are not returned.
 */
import type { Store } from '../../store/store';

/** The largest point count a series query accepts (seriesQuerySchema). */
const WINDOW_STEPS = 100_000;

export async function* allMetricPoints(
  store: Pick<Store, 'metrics'>,
  runId: number,
  series: string,
): AsyncGenerator<{ step: number; value: number }> {
  // LTTB keeps the first and last point, so a 3-point query tells the step range.
  const bounds = store.metrics.series(runId, series, { points: 3 });
  const first = bounds.steps[0];
  const last = bounds.steps.at(-1);
  if (first === undefined || last === undefined) return;
  for (let from = first; from <= last; from += WINDOW_STEPS) {
    const window = store.metrics.series(runId, series, { points: WINDOW_STEPS, fromStep: from, toStep: from + WINDOW_STEPS - 1 });
    for (let i = 0; i < window.steps.length; i++) {
      const step = window.steps[i];
      const value = window.values[i];
      if (step !== undefined && value !== undefined) yield { step, value };
    }
    // Yield to the event loop between windows: a long export must not starve IPC.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
