/**
 * Embedding dropout (Gal & Ghahramani, 2016) as the official PTB child applies it (ptb_enas_child.py
 * `_model`, `lstm_e_keep`): within one sequence of a batch, a word type is dropped everywhere or nowhere,
 * so the model cannot recover a dropped word from its other occurrences. Drawn from the seeded Prng in the
 * order words first appear, so a run replays exactly.
 */
import type { Prng } from '../../random/prng';

/**
 * A [batchSize, steps] mask (row-major) of 0 or 1/keepProb for `tokens`, one draw per distinct token per
 * row. keepProb ≥ 1 gives all ones and draws nothing.
 */
export function embeddingDropoutMask(
  tokens: Int32Array,
  batchSize: number,
  steps: number,
  keepProb: number,
  prng: Prng,
): Float32Array {
  const mask = new Float32Array(batchSize * steps).fill(1);
  if (keepProb >= 1) return mask;
  const kept = 1 / keepProb;
  for (let b = 0; b < batchSize; b++) {
    const drawn = new Map<number, number>();
    for (let t = 0; t < steps; t++) {
      const token = tokens[b * steps + t] as number;
      let value = drawn.get(token);
      if (value === undefined) {
        value = prng.next() < keepProb ? kept : 0;
        drawn.set(token, value);
      }
      mask[b * steps + t] = value;
    }
  }
  return mask;
}
