import { describe, expect, it } from 'vitest';
import { createChartScheduler } from './chart-scheduler';

/** Frames run by hand, and a clock each update advances by `costMs` (what a redraw takes). */
function harness(costMs: number, options: { budgetMs?: number; minIntervalMs?: number } = {}) {
  let frames: (() => void)[] = [];
  let clock = 0;
  const log: string[] = [];
  const scheduler = createChartScheduler({
    frames: {
      request: (callback) => frames.push(callback),
      cancel: (handle) => {
        frames[handle - 1] = () => undefined;
      },
    },
    now: () => clock,
    ...options,
  });
  const update = (name: string) => () => {
    log.push(name);
    clock += costMs;
  };
  const frame = (advanceMs = 16.7): void => {
    clock += advanceMs;
    const due = frames;
    frames = [];
    for (const run of due) run();
  };
  return { scheduler, update, frame, log, pendingFrames: () => frames.length };
}

describe('createChartScheduler', () => {
  it('spreads the redraws of many charts over frames instead of running them all in one', () => {
    const h = harness(6, { budgetMs: 8 });
    const charts = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name }));
    for (const chart of charts) h.scheduler.schedule(chart, h.update(chart.name));
    h.frame();
    expect(h.log).toEqual(['a', 'b']);
    h.frame();
    h.frame();
    expect(h.log).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('runs one update per frame even when that one alone is over budget', () => {
    const h = harness(40, { budgetMs: 8 });
    const a = {};
    const b = {};
    h.scheduler.schedule(a, h.update('a'));
    h.scheduler.schedule(b, h.update('b'));
    h.frame();
    expect(h.log).toEqual(['a']);
    h.frame();
    expect(h.log).toEqual(['a', 'b']);
  });

  it('redraws a chart at most once per interval and keeps only its newest update', () => {
    const h = harness(1, { minIntervalMs: 200 });
    const chart = {};
    h.scheduler.schedule(chart, h.update('v1'));
    h.frame();
    for (let i = 2; i <= 6; i++) {
      h.scheduler.schedule(chart, h.update(`v${i}`));
      h.frame(20);
    }
    expect(h.log).toEqual(['v1']);
    for (let i = 0; i < 10; i++) h.frame(20);
    expect(h.log).toEqual(['v1', 'v6']);
    expect(h.pendingFrames()).toBe(0);
  });

  it('drops the pending update of a cancelled chart', () => {
    const h = harness(1);
    const chart = {};
    h.scheduler.schedule(chart, h.update('gone'));
    h.scheduler.cancel(chart);
    h.frame();
    expect(h.log).toEqual([]);
  });
});
