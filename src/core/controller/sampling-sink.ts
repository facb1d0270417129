/**
 * Sampling one architecture: a {@link DecisionSink} that reads each decision's logits back to JavaScript,
 * draws the choice with the seeded Prng and adds up, in float64, the log-probability of the choices, the
 * entropy of every decision's distribution and (macro) the skip-rate KL penalty. Every decision is kept
 * with its logits, so a caller can check the numbers independently.
 *
 * Entropy is the full entropy of each decision's softmax, as micro_controller.py computes it
 * (general_controller.py and the PTB controller keep only −p·log p of the chosen option). The skip
 * penalty is general_controller.py's: per layer Σ_j Σ_c s_c·log(s_c / t_c) with s = sigmoid([−q, q]),
 * t = [1 − skipTarget, skipTarget], averaged over the layers that have skips.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { drawIndex, entropyOf, logSoftmax } from './categorical';
import type { DecisionKind, DecisionSink } from './decision-sink';
import type { Prng } from '../random/prng';

/** One decision as it was taken. */
export interface TracedDecision {
  readonly kind: DecisionKind | 'skip';
  /** Token position in the official arc. */
  readonly position: number;
  /** The logits the choice was drawn from; for a skip bit the two logits [−q, q]. */
  readonly logits: Float32Array;
  readonly choice: number;
}

export interface SampledTokens {
  readonly tokens: number[];
  /** Σ log p(choice) over all decisions, in nats. */
  readonly logProb: number;
  /** Σ of the entropies of all decision distributions, in nats. */
  readonly entropy: number;
  /** Macro only (null elsewhere): the mean per-layer skip KL penalty. */
  readonly skipPenalty: number | null;
  /** Macro only (null elsewhere): the number of skip connections chosen. */
  readonly skipCount: number | null;
  readonly decisions: readonly TracedDecision[];
  /** The controller's hidden state (top LSTM output) at each decision, in decision order. */
  readonly hidden: HiddenTrace;
}

/**
 * The hidden states of one sampled architecture: `values` holds one row of `width` (the controller's
 * lstmSize) per decision, row-major, in the order the decisions were taken (a macro layer's skip bits are
 * one decision). What the controller analysis compares across architectures.
 */
export interface HiddenTrace {
  readonly width: number;
  readonly values: Float32Array;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * A single-row sampling sink and the function that reads out what it collected. `skipTarget` is null
 * outside the macro space, where there are no skip decisions to penalise.
 */
export function createSamplingSink(
  arcLength: number,
  skipTarget: number | null,
  prng: Prng,
): { sink: DecisionSink; result: () => SampledTokens } {
  const tokens = new Array<number>(arcLength).fill(-1);
  const decisions: TracedDecision[] = [];
  const layerPenalties: number[] = [];
  let logProb = 0;
  let entropy = 0;
  let skipCount = 0;
  const hiddenRows: Float32Array[] = [];
  const keepHidden = (hidden: tf.Tensor2D): void => {
    hiddenRows.push(Float32Array.from(hidden.dataSync()));
  };

  const take = (kind: TracedDecision['kind'], logits: Float32Array, position: number): number => {
    const logProbs = logSoftmax(logits);
    const choice = drawIndex(logProbs, prng);
    logProb += logProbs[choice] ?? -Infinity;
    entropy += entropyOf(logProbs);
    tokens[position] = choice;
    decisions.push({ kind, position, logits, choice });
    return choice;
  };

  const sink: DecisionSink = {
    categorical(kind: DecisionKind, logits: tf.Tensor2D, position: number, hidden: tf.Tensor2D): Int32Array {
      keepHidden(hidden);
      // A copy: on the cpu backend dataSync hands out the tensor's own storage.
      return Int32Array.of(take(kind, Float32Array.from(logits.dataSync()), position));
    },
    skips(logits: tf.Tensor2D, firstPosition: number, hidden: tf.Tensor2D): Int32Array {
      keepHidden(hidden);
      const target = skipTarget ?? 0.5;
      const q = logits.dataSync();
      const bits = new Int32Array(q.length);
      let penalty = 0;
      q.forEach((value, j) => {
        const pair = Float32Array.of(-value, value);
        bits[j] = take('skip', pair, firstPosition + j);
        skipCount += bits[j] ?? 0;
        const s1 = sigmoid(value);
        const s0 = sigmoid(-value);
        penalty += s0 * Math.log(s0 / (1 - target)) + s1 * Math.log(s1 / target);
      });
      layerPenalties.push(penalty);
      return bits;
    },
  };

  const result = (): SampledTokens => {
    const isMacro = skipTarget !== null;
    // A one-layer macro net has no skip decisions: no penalty (the official reduce_mean would give NaN).
    const penalty = layerPenalties.length === 0 ? 0 : layerPenalties.reduce((a, b) => a + b, 0) / layerPenalties.length;
    return {
      tokens,
      logProb,
      entropy,
      skipPenalty: isMacro ? penalty : null,
      skipCount: isMacro ? skipCount : null,
      decisions,
      hidden: concatRows(hiddenRows),
    };
  };
  return { sink, result };
}

function concatRows(rows: readonly Float32Array[]): HiddenTrace {
  const width = rows[0]?.length ?? 0;
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, i) => values.set(row, i * width));
  return { width, values };
}
