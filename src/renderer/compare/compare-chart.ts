/**
 * The ECharts option of the Compare chart, from the lines compare-lines.ts built. A band is two stacked
 * line series (ECharts has no band primitive among the charts the workbench registers): the lower bound,
 * invisible, and the band's width stacked on it with a translucent area, so the fill runs from lower to
 * upper. A series with few points gets markers: a line through 1–2 points is otherwise invisible.
 */
import type { ChartOption } from '../charts/echarts-setup';
import type { CompareLine } from './compare-lines';

/** At most this many points: the line is drawn with a marker on each. */
export const FEW_POINTS = 40;

/** ECharts' default palette, fixed here so a line, its raw points and its band share a colour. */
export const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];

export interface CompareChartSettings {
  xLabel: string;
  logY: boolean;
  colours: { text: string; axis: string; split: string };
}

type Point = [number, number | null];

/** What ECharts hands an axis tooltip formatter, per series under the pointer (the fields used here). */
export interface TooltipParam {
  seriesId?: string;
  seriesName?: string;
  dataIndex: number;
  value?: unknown;
  marker?: unknown;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const fmt = (v: number): string => (Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.001) ? v.toExponential(3) : v.toFixed(4));

/**
 * The axis tooltip: x, then each line's value, with ± std and n for a group ("—" where one run reaches x).
 * ECharts inserts a formatter's string as HTML, so run names (user text) are escaped here.
 */
export function tooltipText(lines: readonly CompareLine[], xLabel: string, params: TooltipParam | TooltipParam[]): string {
  const list = Array.isArray(params) ? params : [params];
  const byId = new Map(lines.map((l) => [`line:${l.key}`, l]));
  const rows: string[] = [];
  let x: number | undefined;
  for (const p of list) {
    const line = byId.get(p.seriesId ?? '');
    const point = p.value as Point | undefined;
    if (line === undefined || point === undefined || point[1] === null) continue;
    x ??= point[0];
    const std = line.band?.std[p.dataIndex] ?? NaN;
    const spread = line.band === null ? '' : ` ± ${Number.isFinite(std) ? fmt(std) : '—'} (n = ${line.band.n[p.dataIndex] ?? 0})`;
    rows.push(`${typeof p.marker === 'string' ? p.marker : ''}${escapeHtml(line.name)}: ${fmt(point[1])}${spread}`);
  }
  return x === undefined ? '' : [`${escapeHtml(xLabel)} ${Number(x.toPrecision(6))}`, ...rows].join('<br>');
}

function points(x: readonly number[], y: readonly number[], logY: boolean): Point[] {
  // A log axis cannot place y ≤ 0: such a point becomes a gap rather than an error.
  return x.map((xi, i) => {
    const yi = y[i] ?? NaN;
    return [xi, Number.isFinite(yi) && (!logY || yi > 0) ? yi : null];
  });
}

export function compareOption(lines: readonly CompareLine[], settings: CompareChartSettings): ChartOption {
  const { colours, logY } = settings;
  const series: NonNullable<ChartOption['series']> = [];
  lines.forEach((line, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    if (line.raw !== null) {
      series.push({
        id: `raw:${line.key}`,
        name: line.name,
        type: 'line',
        data: points(line.raw.x, line.raw.y, logY),
        showSymbol: line.raw.x.length <= FEW_POINTS,
        symbolSize: 4,
        lineStyle: { width: 1, opacity: 0.25 },
        itemStyle: { color: colour, opacity: 0.35 },
        tooltip: { show: false },
        silent: true,
        z: 1,
      });
    }
    if (line.band !== null) {
      const { lower, upper } = line.band;
      const lowerY = lower.map((v) => (logY && v <= 0 ? NaN : v));
      series.push({
        id: `lower:${line.key}`,
        name: line.name,
        type: 'line',
        stack: `band:${line.key}`,
        data: points(line.x, lowerY, logY),
        showSymbol: false,
        lineStyle: { opacity: 0 },
        itemStyle: { color: colour },
        tooltip: { show: false },
        silent: true,
        z: 1,
      });
      series.push({
        id: `width:${line.key}`,
        name: line.name,
        type: 'line',
        stack: `band:${line.key}`,
        data: points(line.x, upper.map((u, k) => u - (lowerY[k] ?? NaN)), false),
        showSymbol: false,
        lineStyle: { opacity: 0 },
        itemStyle: { color: colour },
        areaStyle: { color: colour, opacity: 0.2 },
        tooltip: { show: false },
        silent: true,
        z: 1,
      });
    }
    series.push({
      id: `line:${line.key}`,
      name: line.name,
      type: 'line',
      data: points(line.x, line.y, logY),
      showSymbol: line.x.length <= FEW_POINTS,
      symbolSize: 6,
      lineStyle: { width: 2 },
      itemStyle: { color: colour },
      z: 3,
    });
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colours.text },
    legend: { top: 4, textStyle: { color: colours.text }, data: lines.map((l) => l.name) },
    tooltip: { trigger: 'axis', confine: true, formatter: (params) => tooltipText(lines, settings.xLabel, params as TooltipParam | TooltipParam[]) },
    grid: { left: 64, right: 24, top: 40, bottom: 56 },
    xAxis: {
      type: 'value',
      name: settings.xLabel,
      nameLocation: 'middle',
      nameGap: 26,
      // The data's own ends, not rounded-out ticks: a run that stopped at sample 16 should not seem to reach 18.
      min: 'dataMin',
      max: 'dataMax',
      axisLine: { lineStyle: { color: colours.axis } },
      splitLine: { show: false },
    },
    yAxis: {
      type: logY ? 'log' : 'value',
      scale: true,
      axisLine: { lineStyle: { color: colours.axis } },
      splitLine: { lineStyle: { color: colours.split } },
    },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 14, bottom: 4, showDataShadow: false }],
    series,
  };
}
