import { describe, expect, it } from 'vitest';
import { compareOption, FEW_POINTS, tooltipText } from './compare-chart';
import { buildLines } from './compare-lines';
import { groupRuns } from './run-grouping';

const runs = [
  { id: 1, name: 'enas a', strategy: 'enas', seed: 1, config: { strategy: 'enas', seed: 1 } },
  { id: 2, name: 'enas b', strategy: 'enas', seed: 2, config: { strategy: 'enas', seed: 2 } },
  { id: 3, name: 'random', strategy: 'random-ws', seed: 1, config: { strategy: 'random-ws', seed: 1 } },
];
const points = [
  { runId: 1, x: [1, 2, 3], y: [0.2, 0.4, 0.6] },
  { runId: 2, x: [1, 2, 3], y: [0.4, 0.6, 0.8] },
  { runId: 3, x: [2, 1, 3], y: [0.3, 0.1, 0.2] },
];
const colours = { text: '#000', axis: '#000', split: '#000' };

describe('groupRuns', () => {
  it('groups by strategy, seed or config except seed, in order of first appearance', () => {
    expect(groupRuns(runs, 'none').map((g) => g.runIds)).toEqual([[1], [2], [3]]);
    expect(groupRuns(runs, 'strategy').map((g) => [g.label, g.runIds])).toEqual([['enas', [1, 2]], ['random-ws', [3]]]);
    expect(groupRuns(runs, 'seed').map((g) => g.runIds)).toEqual([[1, 3], [2]]);
    expect(groupRuns(runs, 'config').map((g) => g.runIds)).toEqual([[1, 2], [3]]);
  });
});

describe('buildLines', () => {
  it('draws a group as the mean of its members with a ± std band, and a lone run with its raw points', () => {
    const lines = buildLines(points, groupRuns(runs, 'strategy'), { smoothing: 0, gridPoints: 100 });
    expect(lines.map((l) => l.name)).toEqual(['enas (mean of 2)', 'random-ws']);
    const [enas, random] = lines;
    expect(enas!.y.map((v) => Number(v.toFixed(10)))).toEqual([0.3, 0.5, 0.7]);
    expect(enas!.band!.n).toEqual([2, 2, 2]);
    enas!.band!.std.forEach((s) => expect(s).toBeCloseTo(Math.SQRT1_2 * 0.2, 12));
    // Sorted by x for drawing; unsmoothed, so no separate raw series.
    expect(random).toMatchObject({ x: [1, 2, 3], y: [0.1, 0.3, 0.2], raw: null, band: null });
  });

  it('smooths each run in logged order before grouping', () => {
    const w = 0.5;
    const lines = buildLines(points, groupRuns(runs, 'none'), { smoothing: w, gridPoints: 100 });
    const random = lines[2]!;
    // Logged order 0.3 (x 2), 0.1 (x 1), 0.2 (x 3): smoothed 0.3, (0.5·0.5·0.3 + 0.5·0.1)/0.75, …
    expect(random.x).toEqual([1, 2, 3]);
    expect(random.y[0]).toBeCloseTo((0.075 + 0.05) / 0.75, 12);
    expect(random.y[1]).toBeCloseTo(0.3, 12);
    expect(random.raw).toEqual({ x: [1, 2, 3], y: [0.1, 0.3, 0.2] });
  });
});

describe('compareOption', () => {
  it('stacks an invisible lower bound and a filled width for a band, and marks lines with few points', () => {
    const lines = buildLines(points, groupRuns(runs, 'strategy'), { smoothing: 0.6, gridPoints: 100 });
    const option = compareOption(lines, { xLabel: 'scored samples', logY: false, colours });
    const series = option.series as { id: string; stack?: string; data: [number, number | null][]; showSymbol: boolean; areaStyle?: unknown }[];
    expect(series.map((s) => s.id)).toEqual(['lower:strategy enas', 'width:strategy enas', 'line:strategy enas', 'raw:strategy random-ws', 'line:strategy random-ws']);
    const [lower, width, mean] = series;
    expect(lower!.stack).toBe(width!.stack);
    expect(width!.areaStyle).toBeDefined();
    mean!.data.forEach(([, y], i) => expect((lower!.data[i]![1] ?? NaN) + (width!.data[i]![1] ?? NaN)).toBeCloseTo(2 * y! - lower!.data[i]![1]!, 12));
    // The 3-point lines carry markers; a long run does not.
    expect(series.filter((s) => /^(line|raw):/.test(s.id)).map((s) => s.showSymbol)).toEqual([true, true, true]);
    const long = Array.from({ length: FEW_POINTS + 1 }, (_, i) => i);
    const longOption = compareOption(buildLines([{ runId: 1, x: long, y: long }], groupRuns([runs[0]!], 'none'), { smoothing: 0, gridPoints: 10 }), {
      xLabel: 'step',
      logY: false,
      colours,
    });
    expect((longOption.series as { showSymbol: boolean }[])[0]!.showSymbol).toBe(false);
  });

  it('switches the y axis to log and leaves y ≤ 0 out as a gap', () => {
    const option = compareOption(buildLines([{ runId: 3, x: [1, 2], y: [0, 2] }], groupRuns([runs[2]!], 'none'), { smoothing: 0, gridPoints: 10 }), {
      xLabel: 'step',
      logY: true,
      colours,
    });
    expect((option.yAxis as { type: string }).type).toBe('log');
    expect((option.series as { data: unknown[] }[])[0]!.data).toEqual([[1, null], [2, 2]]);
  });
});

describe('tooltipText', () => {
  it('gives a group its ± std and n, "—" where one run reaches x, and escapes run names', () => {
    const named = [{ ...runs[0]!, name: '<img src=x onerror=alert(1)>' }, runs[1]!];
    const lone = buildLines([points[0]!], groupRuns(named, 'none'), { smoothing: 0, gridPoints: 10 });
    const group = buildLines([points[0]!, { runId: 2, x: [1, 2], y: [0.4, 0.6] }], groupRuns(named, 'strategy'), { smoothing: 0, gridPoints: 10 });
    const text = tooltipText([...lone, ...group], 'step', [
      { seriesId: `line:${lone[0]!.key}`, seriesName: 'x', dataIndex: 2, value: [3, 0.6], marker: '' },
      { seriesId: `line:${group[0]!.key}`, seriesName: 'x', dataIndex: 1, value: [2, 0.5], marker: '' },
      { seriesId: `line:${group[0]!.key}`, seriesName: 'x', dataIndex: 2, value: [3, 0.6], marker: '' },
      { seriesId: 'lower:whatever', dataIndex: 0, value: [3, 0.1] },
    ]);
    expect(text.split('<br>')).toEqual([
      'step 3',
      '#1 &lt;img src=x onerror=alert(1)&gt;: 0.6000',
      `enas (mean of 2): 0.5000 ± ${(0.1 * Math.SQRT2).toFixed(4)} (n = 2)`,
      'enas (mean of 2): 0.6000 ± — (n = 1)',
    ]);
  });
});
