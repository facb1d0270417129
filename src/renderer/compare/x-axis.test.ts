import { describe, expect, it } from 'vitest';
import { metricX, sampleX, samplesAtStep, samplesPerUpdate, secondsAtStep, timeAnchors } from './x-axis';
import type { RunTimeline } from './x-axis';

// Two epochs of 10 shared-weight steps; each controller phase scores 4 samples at the epoch's last step.
const timeline: RunTimeline = {
  scoredSteps: [10, 10, 10, 10, 20, 20, 20, 20],
  anchors: timeAnchors(1_000, [{ step: 20, createdAt: 41_000 }, { step: 10, createdAt: 21_000 }]),
  samplesPerUpdate: 2,
};

describe('x axes of Compare', () => {
  it('anchors wall time at the start and at each checkpoint, dropping ones out of order', () => {
    expect(timeline.anchors).toEqual([{ step: 0, seconds: 0 }, { step: 10, seconds: 20 }, { step: 20, seconds: 40 }]);
    expect(timeAnchors(null, [])).toEqual([]);
    expect(timeAnchors(10_000, [{ step: 5, createdAt: 4_000 }])).toEqual([{ step: 0, seconds: 0 }]);
  });

  it('interpolates seconds between anchors and extrapolates past the last at the mean pace', () => {
    expect(secondsAtStep(timeline.anchors, 5)).toBe(10);
    expect(secondsAtStep(timeline.anchors, 15)).toBe(30);
    expect(secondsAtStep(timeline.anchors, 30)).toBe(60);
    expect(secondsAtStep([], 3)).toBeNaN();
  });

  it('counts scored samples up to a shared-weight step', () => {
    expect([0, 9, 10, 19, 20, 99].map((s) => samplesAtStep(timeline.scoredSteps, s))).toEqual([0, 0, 4, 4, 8, 8]);
  });

  it('maps controller updates through samples per update, other series through shared-weight steps', () => {
    expect(metricX('step', 'controller/mean-reward', 3, timeline)).toBe(3);
    expect(metricX('sample', 'controller/mean-reward', 3, timeline)).toBe(6);
    // Update 3 ends with sample 6, scored at step 20, 40 s in.
    expect(metricX('time', 'controller/mean-reward', 3, timeline)).toBe(40);
    expect(metricX('sample', 'child/loss', 15, timeline)).toBe(4);
    expect(metricX('time', 'child/loss', 15, timeline)).toBe(30);
    expect(metricX('sample', 'controller/entropy', 1, { ...timeline, samplesPerUpdate: null })).toBeNaN();
  });

  it('puts the i-th scored sample at its ordinal, its step or its time', () => {
    expect(['step', 'sample', 'time'].map((axis) => sampleX(axis as 'step', 4, 20, timeline))).toEqual([20, 5, 40]);
  });

  it('reads samples per controller update from enas, enas-memory, parsec and random-ws configs', () => {
    expect(samplesPerUpdate({ strategy: { strategy: 'enas', controller: { numAggregate: 10 } }, search: { randomScoresPerEpoch: 300 } })).toBe(10);
    expect(samplesPerUpdate({ strategy: { strategy: 'enas-memory', controller: { numAggregate: 8 }, memory: { replaySize: 8 } } })).toBe(8);
    expect(samplesPerUpdate({ strategy: { strategy: 'parsec', parsec: { numAggregate: 20, trainSteps: 50 } }, search: { randomScoresPerEpoch: 300 } })).toBe(20);
    expect(samplesPerUpdate({ strategy: { strategy: 'random-ws' }, search: { randomScoresPerEpoch: 300 } })).toBe(300);
    expect(samplesPerUpdate({})).toBeNull();
    expect(samplesPerUpdate(null)).toBeNull();
  });
});
