/**
 * One optimisation step of a child, shared by every network here (official `get_train_ops`, src/utils.py):
 * objective = data loss + l2Reg · Σ w² over the weights the child uses, gradients of exactly those weights,
 * clipping to a global norm (tf.clip_by_global_norm: g · bound / max(‖g‖, bound)), then the keyed SGD step.
 *
 * Two deliberate differences from the official code: the L2 penalty covers only the weights the sampled
 * child uses (the official one decays every shared weight at every step, so weights off the sampled path
 * shrink although nothing trained them), and clipping is by global norm as the brief asks (the official
 * CIFAR child passes clip_mode="norm", whose clipped gradients its code then drops).
 *
 * Nothing is read back synchronously: on a GPU backend the step stays queued until the one `data()` call.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../shared/errors';
import { addAll } from './layers/add-all';
import type { SgdMomentum } from './optim/sgd-momentum';

interface TrainStepArgs {
  /** The trainable weights this step trains: gradients and the L2 penalty cover these and no others. */
  readonly weights: readonly tf.Variable[];
  /** Stable name of a weight (the optimizer's key). */
  readonly nameOf: (variable: tf.Variable) => string;
  /**
   * Builds the data loss; `report` holds scalars to read back with it (e.g. the number of correct
   * predictions). Runs inside the gradient tape.
   */
  readonly loss: () => { loss: tf.Scalar; report: tf.Scalar[] };
  readonly l2Reg: number;
  readonly gradBound: number | null;
  readonly optimizer: SgdMomentum;
  readonly learningRate: number;
}

interface TrainStepResult {
  /** The minimised objective: data loss + L2 penalty. */
  readonly objective: number;
  /** The data loss alone. */
  readonly dataLoss: number;
  /** Global L2 norm of the gradients before clipping. */
  readonly gradNorm: number;
  /** The values of the `report` scalars, in order. */
  readonly report: number[];
}

export async function runTrainStep(args: TrainStepArgs): Promise<TrainStepResult> {
  checkGradientsRegistered();
  const { weights, l2Reg, gradBound } = args;
  const kept: tf.Tensor[] = [];
  let summary: tf.Tensor1D;
  try {
    summary = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const { loss, report } = args.loss();
        kept.push(tf.keep(loss), ...report.map((r) => tf.keep(r)));
        if (l2Reg === 0) return loss;
        const penalty = addAll(weights.map((w) => tf.sum(tf.square(w))));
        return tf.add(loss, tf.mul(penalty, l2Reg));
      }, [...weights]);
      const gradients = weights.map((w) => {
        const g = grads[w.name];
        if (g === undefined || g === null) {
          // A weight listed as used that the loss does not depend on: the used-weight list and the
          // forward pass disagree, which is a bug, not a user error.
          throw new EnasError('INTERNAL', `child weight "${args.nameOf(w)}" is listed as used but gets no gradient`);
        }
        return g;
      });
      const norm = tf.sqrt(addAll(gradients.map((g) => tf.sum(tf.square(g)))));
      const scale = gradBound === null ? null : tf.div(gradBound, tf.maximum(norm, gradBound));
      args.optimizer.apply(
        weights.map((variable, i) => {
          const gradient = gradients[i] as tf.Tensor;
          return { name: args.nameOf(variable), variable, gradient: scale === null ? gradient : tf.mul(gradient, scale) };
        }),
        args.learningRate,
      );
      return tf.stack([value, norm, ...kept]) as tf.Tensor1D;
    });
  } finally {
    for (const t of kept) t.dispose();
  }
  const values = await summary.data();
  summary.dispose();
  return {
    objective: values[0] ?? NaN,
    gradNorm: values[1] ?? NaN,
    dataLoss: values[2] ?? NaN,
    report: Array.from(values.subarray(3)),
  };
}

/**
 * tfjs-core's Node entry registers almost no gradient functions; the process entry must load
 * `@tensorflow/tfjs-core/dist/register_all_gradients` (src/trainer does). Without them tfjs fails deep in
 * the tape with "gradient function not found for Add"; this says what to do instead.
 */
function checkGradientsRegistered(): void {
  if (tf.getGradient('Add') === undefined || tf.getGradient('Conv2D') === undefined) {
    throw new EnasError(
      'INTERNAL',
      'child training step: tfjs has no gradient functions registered; load ' +
        '@tensorflow/tfjs-core/dist/register_all_gradients before training',
    );
  }
}
