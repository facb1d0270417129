/**
 * The moving average drawn over the per-sample rewards: a trailing window mean, the smoothing the ENAS
 * papers' reward curves use to make the controller's trend visible through per-sample noise.
 */
export function trailingMean(values: readonly number[], window: number): number[] {
  const out: number[] = new Array<number>(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] ?? 0;
    if (i >= window) sum -= values[i - window] ?? 0;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}
