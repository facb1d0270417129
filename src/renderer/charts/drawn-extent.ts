/**
 * How many points an ECharts option draws and the x range they span, over every series, whether a series
 * holds its points as [x, y] arrays or as a flat x0, y0, x1, y1 … Float64Array (its own `data`, or the
 * `source` of the dataset it reads). BaseChart writes it on its element once ECharts has drawn, so a test
 * or bench/ui-*.ts can tell what a chart shows without reaching into ECharts.
 */
import type { ChartOption } from './echarts-setup';

export interface DrawnExtent {
  points: number;
  firstX: number | null;
  lastX: number | null;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

export function drawnExtent(option: ChartOption): DrawnExtent {
  const datasets = asList(option.dataset);
  let points = 0;
  let firstX = Infinity;
  let lastX = -Infinity;
  for (const series of asList(option.series)) {
    const data: unknown = series.data ?? datasets[series.datasetIndex ?? 0]?.source;
    if (data instanceof Float64Array) {
      points += Math.floor(data.length / 2);
      if (data.length >= 2) {
        firstX = Math.min(firstX, data[0] ?? Infinity);
        lastX = Math.max(lastX, data[data.length - 2] ?? -Infinity);
      }
    } else if (Array.isArray(data)) {
      points += data.length;
      const first: unknown = data[0];
      const last: unknown = data[data.length - 1];
      if (Array.isArray(first) && typeof first[0] === 'number') firstX = Math.min(firstX, first[0]);
      if (Array.isArray(last) && typeof last[0] === 'number') lastX = Math.max(lastX, last[0]);
    }
  }
  return { points, firstX: Number.isFinite(firstX) ? firstX : null, lastX: Number.isFinite(lastX) ? lastX : null };
}
