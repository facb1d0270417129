/**
 * When the charts of a view redraw. Every ECharts update re-lays out axes, slider and series and repaints
 * the canvas (several ms each); with six live charts fed 20 event batches a second, letting each redraw on
 * every batch puts all six redraws into the same animation frames and those frames run past 50 ms
 * (measured with bench/ui-live.ts). So updates go through one scheduler shared by every chart: each frame
 * applies pending updates in the order they were asked for until a time budget is spent (at least one
 * per frame, so nothing starves), and a chart redraws at most once per `minIntervalMs`. A chart idle for
 * longer than that (a zoom, a theme switch) redraws in the next frame; a live chart shows its newest
 * data at least every `minIntervalMs`, and no update is ever dropped, only folded into the next one.
 */
import type { FrameScheduler } from '../util/frame-batcher';

export interface ChartUpdateScheduler {
  /** Runs `apply` in a coming frame; replaces an update of `key` still pending (only the newest counts). */
  schedule(key: object, apply: () => void): void;
  /** Forgets `key` and its pending update (the chart is gone). */
  cancel(key: object): void;
}

export interface ChartSchedulerOptions {
  frames: FrameScheduler;
  /** Milliseconds, monotonic (performance.now in the browser). */
  now: () => number;
  /** Work per frame before the rest waits for the next frame; default 8 ms, half a 60 Hz frame. */
  budgetMs?: number;
  /** Least time between two redraws of one chart; default 200 ms (5 redraws a second). */
  minIntervalMs?: number;
}

export function createChartScheduler(options: ChartSchedulerOptions): ChartUpdateScheduler {
  const budgetMs = options.budgetMs ?? 8;
  const minIntervalMs = options.minIntervalMs ?? 200;
  const pending = new Map<object, () => void>();
  const lastRun = new Map<object, number>();
  let frame: number | null = null;

  const request = (): void => {
    frame ??= options.frames.request(runFrame);
  };

  function runFrame(): void {
    frame = null;
    const start = options.now();
    let ran = 0;
    for (const [key, apply] of pending) {
      const now = options.now();
      if (ran > 0 && now - start >= budgetMs) break;
      const last = lastRun.get(key);
      if (last !== undefined && now - last < minIntervalMs) continue;
      pending.delete(key);
      lastRun.set(key, now);
      ran += 1;
      apply();
    }
    if (pending.size > 0) request();
  }

  return {
    schedule(key, apply) {
      // Deleting first would move the key to the back of the queue; set() keeps its place.
      pending.set(key, apply);
      request();
    },
    cancel(key) {
      pending.delete(key);
      lastRun.delete(key);
      if (pending.size === 0 && frame !== null) {
        options.frames.cancel(frame);
        frame = null;
      }
    },
  };
}

/** The scheduler every chart of the page shares: animation frames and the page's clock. */
export const chartScheduler = createChartScheduler({
  frames: { request: (callback) => requestAnimationFrame(callback), cancel: (handle) => cancelAnimationFrame(handle) },
  now: () => performance.now(),
});
