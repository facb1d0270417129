/**
 * Plain-number arithmetic of one categorical decision: log-softmax, entropy and a draw with a seeded Prng.
 * Sampling happens in JavaScript rather than with tf.multinomial so that the stream is replayable from
 * the checkpointed Prng state on every backend (docs/reliability.md T1.2). Float64 throughout: the logits come
 * from float32 tensors, the sums here add no further rounding worth the name.
 */
import type { Prng } from '../random/prng';

/** log softmax(logits)[i] for every i, shifted by the maximum so that large logits do not overflow. */
export function logSoftmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] ?? -Infinity);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp((logits[i] ?? -Infinity) - max);
  const logZ = max + Math.log(sum);
  return Array.from({ length: logits.length }, (_, i) => (logits[i] ?? -Infinity) - logZ);
}

/** Shannon entropy in nats of the distribution given by log-probabilities; 0·log 0 counts as 0. */
export function entropyOf(logProbs: readonly number[]): number {
  let h = 0;
  for (const lp of logProbs) {
    if (lp > -Infinity) h -= Math.exp(lp) * lp;
  }
  return h;
}

/**
 * An index drawn with probability exp(logProbs[i]) by inverting the cumulative distribution at one
 * uniform draw. Rounding can leave the total a hair under 1; a draw past it goes to the last index with
 * non-zero probability, never to an impossible one.
 */
export function drawIndex(logProbs: readonly number[], prng: Prng): number {
  return drawIndexAt(logProbs, prng.next());
}

/** {@link drawIndex} at a uniform draw `u` in [0, 1) taken beforehand (a batch of samples draws its uniforms first). */
export function drawIndexAt(logProbs: readonly number[], u: number): number {
  let cumulative = 0;
  let lastPossible = 0;
  for (let i = 0; i < logProbs.length; i++) {
    const p = Math.exp(logProbs[i] ?? -Infinity);
    if (p > 0) lastPossible = i;
    cumulative += p;
    if (u < cumulative) return i;
  }
  return lastPossible;
}
