/**
 * Teacher forcing: a {@link DecisionSink} that replays recorded architectures (one per row) through the
 * controller and builds, as tensors with gradients, each row's log-probability Σ log p(token) and its
 * macro skip penalty and its weightless-op penalty. The REINFORCE update runs the policy with this sink inside one tf.variableGrads
 * tape for all aggregated samples, instead of keeping tapes alive from sampling time.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DecisionSink } from './decision-sink';
import { oneHot } from './policy-ops';

export interface TeacherSink {
  readonly sink: DecisionSink;
  /** Σ log p of every row's tokens, [rows]. */
  logProb(): tf.Tensor1D;
  /** Every row's mean per-layer skip KL penalty (same formula as the sampling sink), [rows]; zeros when no layer has skips. */
  skipPenalty(): tf.Tensor1D;
  /**
   * Every row's sum over its op decisions of KL(Bernoulli(p) ‖ Bernoulli(weightlessTarget)), p the policy's
   * probability of the weightless options at that decision (controller config `weightlessWeight`), [rows];
   * zeros when no decision has weightless options.
   */
  weightlessPenalty(): tf.Tensor1D;
}

/** Which options of the decision at a token position have no weights; null for other decisions. */
export type WeightlessOptions = (position: number) => readonly boolean[] | null;

/** `tokens[r]` is row r's recorded arc, already validated against the space. */
export function createTeacherSink(
  tokens: readonly (readonly number[])[],
  skipTarget: number,
  weightless: { options: WeightlessOptions; target: number } | null = null,
): TeacherSink {
  const rows = tokens.length;
  const column = (position: number): Int32Array => Int32Array.from(tokens, (arc) => arc[position] ?? 0);
  let logProb: tf.Tensor1D = tf.zeros([rows]);
  const layerPenalties: tf.Tensor1D[] = [];
  const weightlessPenalties: tf.Tensor1D[] = [];

  const sink: DecisionSink = {
    categorical(_kind, logits, position) {
      const choice = column(position);
      const mask = tf.tensor2d(oneHot(choice, logits.shape[1]), logits.shape);
      const logProbs = tf.logSoftmax(logits);
      const picked = tf.sum(tf.mul(logProbs, mask), 1) as tf.Tensor1D;
      logProb = tf.add(logProb, picked);
      const free = weightless?.options(position) ?? null;
      if (weightless !== null && free !== null && free.some(Boolean) && !free.every(Boolean)) {
        const freeMask = tf.tensor1d(free.map((f) => (f ? 1 : 0)));
        // Clipped away from 0 and 1 so the log terms stay finite when the policy is certain.
        const p = tf.clipByValue(tf.sum(tf.mul(tf.exp(logProbs), freeMask), 1), 1e-6, 1 - 1e-6);
        const t = weightless.target;
        const kl = tf.add(
          tf.mul(p, tf.sub(tf.log(p), Math.log(t))),
          tf.mul(tf.sub(1, p), tf.sub(tf.log(tf.sub(1, p)), Math.log(1 - t))),
        );
        weightlessPenalties.push(kl as tf.Tensor1D);
      }
      return choice;
    },
    skips(logits, firstPosition) {
      const width = logits.shape[1];
      const bits = new Int32Array(rows * width);
      for (let j = 0; j < width; j++) {
        column(firstPosition + j).forEach((bit, r) => (bits[r * width + j] = bit));
      }
      // log softmax([−q, q])[bit] = −softplus(−2·sign·q) with sign = 2·bit − 1.
      const sign = tf.tensor2d(Float32Array.from(bits, (bit) => 2 * bit - 1), [rows, width]);
      const picked = tf.neg(tf.softplus(tf.mul(tf.mul(sign, logits), -2)));
      logProb = tf.add(logProb, tf.sum(picked, 1) as tf.Tensor1D);
      // log sigmoid(±q) = −softplus(∓q). Not tf.logSigmoid: its custom gradient reads a disposed
      // tensor when its input is an intermediate (tfjs-core 4.22).
      const kl = tf.add(
        tf.mul(tf.sigmoid(tf.neg(logits)), tf.sub(tf.neg(tf.softplus(logits)), Math.log(1 - skipTarget))),
        tf.mul(tf.sigmoid(logits), tf.sub(tf.neg(tf.softplus(tf.neg(logits))), Math.log(skipTarget))),
      );
      layerPenalties.push(tf.sum(kl, 1) as tf.Tensor1D);
      return bits;
    },
  };

  return {
    sink,
    logProb: () => logProb,
    skipPenalty: () =>
      layerPenalties.length === 0 ? tf.zeros([rows]) : tf.div(tf.addN(layerPenalties), layerPenalties.length),
    weightlessPenalty: () =>
      // Summed like log p and the entropy, so each decision feels the penalty as it feels its advantage.
      weightlessPenalties.length === 0 ? tf.zeros([rows]) : tf.addN(weightlessPenalties),
  };
}
