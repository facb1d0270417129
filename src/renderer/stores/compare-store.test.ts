import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/run';
import { REWARD_SERIES, useCompareStore } from './compare-store';

const run = (id: number, strategy: string, seed: number): RunSummary =>
  ({ id, name: `r${id}`, strategy, seed, config: { seed, strategy: { strategy } } }) as unknown as RunSummary;

beforeEach(() => setActivePinia(createPinia()));

describe('compare store', () => {
  it('places per-sample rewards and controller updates on the chosen axis, and says which runs have no place', () => {
    const compare = useCompareStore();
    compare.runs = [run(1, 'enas', 1), run(2, 'random-ws', 1)];
    compare.rewards = [
      { runId: 1, seq: [8, 9, 10, 11], step: [8, 8, 8, 8], reward: [0.1, 0.2, 0.3, 0.4] },
      { runId: 2, seq: [8, 9], step: [8, 8], reward: [0.5, 0.6] },
    ];
    compare.timelines = new Map([
      [1, { scoredSteps: [8, 8, 8, 8], anchors: [{ step: 0, seconds: 0 }, { step: 8, seconds: 16 }], samplesPerUpdate: 2 }],
      [2, { scoredSteps: [8, 8], anchors: [], samplesPerUpdate: 2 }],
    ]);
    compare.smoothing = 0;
    expect(compare.series).toBe(REWARD_SERIES);
    expect(compare.lines.map((l) => [l.runIds, l.x, l.y])).toEqual([
      [[1], [1, 2, 3, 4], [0.1, 0.2, 0.3, 0.4]],
      [[2], [1, 2], [0.5, 0.6]],
    ]);
    compare.xAxis = 'time';
    expect(compare.lines.map((l) => l.x)).toEqual([[16, 16, 16, 16]]);
    expect(compare.unplaced).toEqual([2]);

    compare.series = 'controller/mean-reward';
    compare.metrics = [{ runId: 1, series: 'controller/mean-reward', total: 2, steps: [1, 2], values: [0.15, 0.35] }];
    compare.xAxis = 'sample';
    expect(compare.lines.map((l) => [l.x, l.y])).toEqual([[[2, 4], [0.15, 0.35]]]);
  });

  it('groups by strategy into one mean line per strategy', () => {
    const compare = useCompareStore();
    compare.runs = [run(1, 'enas', 1), run(2, 'enas', 2)];
    compare.rewards = [
      { runId: 1, seq: [0, 1], step: [0, 0], reward: [0.2, 0.4] },
      { runId: 2, seq: [0, 1], step: [0, 0], reward: [0.4, 0.8] },
    ];
    compare.smoothing = 0;
    compare.grouping = 'strategy';
    const [line] = compare.lines;
    expect(compare.lines).toHaveLength(1);
    expect(line!.y.map((v) => Number(v.toFixed(10)))).toEqual([0.3, 0.6]);
  });
});
