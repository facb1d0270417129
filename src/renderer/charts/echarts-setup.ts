/**
 * ECharts built from `echarts/core` with only what the workbench draws (line and scatter charts, grid,
 * tooltip, legend, data zoom, mark lines (a run's cost budget on its Pareto front), canvas renderer), so the bundle carries no unused chart types.
 */
import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import type { ComposeOption, ECharts } from 'echarts/core';
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, ScatterChart, DatasetComponent, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, TitleComponent, MarkLineComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | DatasetComponentOption
  | TitleComponentOption
  | MarkLineComponentOption
>;

export function createChart(element: HTMLElement): ECharts {
  return init(element, undefined, { renderer: 'canvas' });
}

/** The colours of text and axes for a theme; the chart's background stays transparent. */
export function themeColours(theme: 'light' | 'dark'): { text: string; axis: string; split: string } {
  return theme === 'dark'
    ? { text: '#c9d1dc', axis: '#6b7687', split: '#2c3442' }
    : { text: '#2c3442', axis: '#8a94a6', split: '#e3e7ee' };
}

/**
 * What every titled chart of the run and studies views shares: no animation, a transparent background, the
 * theme's text colour and a 13 px title at the top left. Each chart adds its own legend, grid and axes.
 */
export function chartFrame(title: string, theme: 'light' | 'dark'): Pick<ChartOption, 'animation' | 'backgroundColor' | 'textStyle' | 'title'> {
  const colours = themeColours(theme);
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colours.text },
    title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13, color: colours.text } },
  };
}

export type { ECharts };
