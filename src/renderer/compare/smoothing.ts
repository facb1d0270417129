/**
 * TensorBoard's scalar smoothing: a debiased exponential moving average,
 * smoothed_t = (Σ_{i≤t} w^(t−i) (1−w) x_i) / (1 − w^t), computed as last ← w·last + (1−w)·x_t then
 * last / (1 − w^t), t counting the finite points so far. Without the 1 − w^t factor the curve would start
 * at (1−w)·x_1, near zero; with it the first smoothed point is x_1 itself. As in TensorBoard
 * (tensorboard/webapp/widgets/line_chart_v2/lib/data_transformer_utils: classicSmoothing), a non-finite
 * value passes through unsmoothed and does not enter the average, and a constant series stays as it is
 * (the division would otherwise add rounding noise to a flat line).
 */
export function debiasedEma(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  if (weight === 0) return [...values];
  const first = values[0];
  const constant = values.every((v) => v === first);
  const out = new Array<number>(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? NaN;
    if (constant || !Number.isFinite(x)) {
      out[i] = x;
      continue;
    }
    last = last * weight + (1 - weight) * x;
    count += 1;
    out[i] = last / (1 - weight ** count);
  }
  return out;
}
