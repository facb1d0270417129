import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricSeriesSchema } from '../shared/run';
import type { MetricPoint } from './metrics-repository';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore;
let runId: number;
beforeEach(() => {
  t = openTempStore({ now: () => 1 });
  runId = t.store.runs.create(newRun()).id;
});
afterEach(() => t.dispose());

function points(run: number, series: string, steps: Iterable<number>, value: (step: number) => number): MetricPoint[] {
  return [...steps].map((step) => ({ runId: run, series, step, value: value(step) }));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('metrics repository', () => {
  it('returns a short series whole, in step order', () => {
    t.store.writeBatch({ metrics: points(runId, 'child/loss', [3, 1, 2], (s) => 10 - s) });
    const series = t.store.metrics.series(runId, 'child/loss', { points: 100 });
    metricSeriesSchema.parse(series);
    expect(series).toEqual({ runId, series: 'child/loss', total: 3, steps: [1, 2, 3], values: [9, 8, 7] });
  });

  it('downsamples a long series to N points, keeping the first and last', () => {
    t.store.writeBatch({ metrics: points(runId, 'controller/reward', range(0, 9_999), (s) => Math.sin(s / 50)) });
    const series = t.store.metrics.series(runId, 'controller/reward', { points: 500 });
    expect(series.total).toBe(10_000);
    expect(series.steps).toHaveLength(500);
    expect(series.steps[0]).toBe(0);
    expect(series.steps.at(-1)).toBe(9_999);
    series.steps.forEach((step, i) => expect(series.values[i]).toBe(Math.sin(step / 50)));
  });

  it('fetches detail inside a step range when zooming', () => {
    t.store.writeBatch({ metrics: points(runId, 'child/loss', range(0, 9_999), (s) => s % 7) });
    const zoomed = t.store.metrics.series(runId, 'child/loss', { points: 1_000, fromStep: 2_000, toStep: 2_499 });
    expect(zoomed.total).toBe(500);
    expect(zoomed.steps).toEqual(range(2_000, 2_499));
  });

  it('overwrites a replayed step instead of storing it twice', () => {
    t.store.writeBatch({ metrics: points(runId, 'child/loss', range(0, 9), () => 1) });
    t.store.writeBatch({ metrics: points(runId, 'child/loss', range(5, 14), () => 2) });
    const series = t.store.metrics.series(runId, 'child/loss', { points: 100 });
    expect(series.steps).toEqual(range(0, 14));
    expect(series.values).toEqual([...Array<number>(5).fill(1), ...Array<number>(10).fill(2)]);
  });

  it('stores NaN as a gap that downsampled views skip', () => {
    t.store.writeBatch({ metrics: points(runId, 'child/loss', [1, 2, 3], (s) => (s === 2 ? Number.NaN : s)) });
    expect(t.store.metrics.series(runId, 'child/loss', { points: 10 })).toMatchObject({ total: 2, steps: [1, 3] });
  });

  it('keeps series of different runs and names apart, and lists a run’s series names', () => {
    const other = t.store.runs.create(newRun()).id;
    t.store.writeBatch({
      metrics: [
        ...points(runId, 'child/loss', [1], () => 1),
        ...points(runId, 'child/accuracy', [1], () => 0.5),
        ...points(other, 'child/loss', [1], () => 3),
      ],
    });
    expect(t.store.metrics.seriesNames(runId)).toEqual(['child/accuracy', 'child/loss']);
    expect(t.store.metrics.series(other, 'child/loss', { points: 3 }).values).toEqual([3]);
  });

  it('returns several runs’ series for comparison, empty for a run without it', () => {
    const other = t.store.runs.create(newRun()).id;
    const none = t.store.runs.create(newRun()).id;
    t.store.writeBatch({
      metrics: [...points(runId, 'valid/acc', range(0, 99), (s) => s), ...points(other, 'valid/acc', range(0, 9), (s) => -s)],
    });
    const compared = t.store.metrics.compare([runId, other, none], 'valid/acc', { points: 10 });
    expect(compared.map((s) => [s.runId, s.total, s.steps.length])).toEqual([
      [runId, 100, 10],
      [other, 10, 10],
      [none, 0, 0],
    ]);
  });

  it('rejects a query for fewer than 3 points with STORE_BAD_ARGUMENT', () => {
    expect(() => t.store.metrics.series(runId, 'child/loss', { points: 2 })).toThrow(/STORE_BAD_ARGUMENT: series query/);
  });

  it('refuses points for a run that does not exist, and the batch leaves nothing behind', () => {
    expect(() =>
      t.store.writeBatch({ metrics: [...points(runId, 'a', [1], () => 1), ...points(runId + 5, 'a', [1], () => 1)] }),
    ).toThrow(/STORE_CONFLICT/);
    expect(t.store.metrics.seriesNames(runId)).toEqual([]);
  });
});
