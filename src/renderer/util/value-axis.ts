/**
 * How a chart's value axis shows a metric honestly. A perplexity that spikes to 1e7 once flattened the
 * validation chart on a linear axis, so values spanning several decades get a log axis; on a linear axis,
 * a few far outliers no longer set the range (it follows the 2nd–98th percentiles and the outliers run off
 * the edge); a series whose meaning is its size (entropy) can start at zero, so noise in the 5th digit does
 * not look like a swing. Labels and tooltips show 4 significant digits (0.2562, not 0.2562000000000001).
 */

/**
 * At least this ratio of largest to smallest positive value (two decades) asks for a log axis. Three was too
 * few: a real 1-epoch rnn search's validation perplexities ran from 869 to 314,356 (a ratio of 362), and on a
 * linear axis all but four of its 58 points lay on the floor. Accuracies rarely span two decades without a 0
 * (which keeps the axis linear), and those that do read better on a log axis too.
 */
const LOG_RATIO = 100;
/** A full range this many times the percentile range counts as outliers. */
const OUTLIER_RATIO = 5;

export interface ValueAxis {
  type: 'value' | 'log';
  min?: number;
  max?: number;
  /** Whether the range was cut to the bulk of the values (outliers run off the chart). */
  clipped: boolean;
}

export function formatValue(value: unknown): string {
  if (typeof value !== 'number') return String(value ?? '—');
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (at - lo);
}

export function valueAxisFor(values: readonly number[], options: { zeroBased?: boolean } = {}): ValueAxis {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return { type: 'value', clipped: false };
  const lowest = finite[0] ?? 0;
  const highest = finite[finite.length - 1] ?? 0;
  if (lowest > 0 && highest / lowest >= LOG_RATIO) return { type: 'log', clipped: false };
  if (options.zeroBased && lowest >= 0) return { type: 'value', min: 0, clipped: false };
  if (finite.length >= 20) {
    const p02 = quantile(finite, 0.02);
    const p98 = quantile(finite, 0.98);
    const bulk = p98 - p02;
    if (bulk > 0 && highest - lowest > OUTLIER_RATIO * bulk) {
      const pad = bulk * 0.1;
      return { type: 'value', min: p02 - pad, max: p98 + pad, clipped: true };
    }
  }
  return { type: 'value', clipped: false };
}

/**
 * A linear range around `values` with a tenth of their span as margin (at least 0.01), kept inside `bounds`
 * when the metric has them (an accuracy lies in [0, 1]): ECharts' own `scale` rounds outward to nice ticks,
 * which drew a single accuracy of 0.97 on an axis running to 1.6.
 */
export function paddedRange(values: readonly number[], bounds: { min: number; max: number } | null = null): { min: number; max: number } | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = Math.max((hi - lo) * 0.1, 0.01);
  const min = bounds === null ? lo - pad : Math.max(bounds.min, lo - pad);
  const max = bounds === null ? hi + pad : Math.min(bounds.max, hi + pad);
  return { min, max };
}
