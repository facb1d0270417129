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
 * Where the backend has the fused optimiser step (optim/sgd-step-kernel.ts; ours on wasm) the penalty's
 * gradient (l2Reg · 2w), the norm, the clip and the update are that one kernel for all weights; elsewhere they
 * are composed of tfjs kernels as below. Both give the same update (to float32 rounding where a sum's order
 * differs; src/trainer/backends/wasm/sgd-step.test.ts).
 *
 * Nothing is read back synchronously: on a GPU backend the step stays queued until the one `data()` call.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../shared/errors';
import { addAll } from './layers/add-all';
import { hasFusedSgdStep } from './optim/sgd-step-kernel';
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
  const kept: tf.Tensor[] = [];
  let summary: tf.Tensor1D;
  try {
    summary = tf.tidy(() => (hasFusedSgdStep() ? fusedStep(args, kept) : composedStep(args, kept)));
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

/** [objective, gradient norm, data loss, ...report] of one step composed of tfjs kernels, on any backend. */
function composedStep(args: TrainStepArgs, kept: tf.Tensor[]): tf.Tensor1D {
  const { weights, l2Reg, gradBound } = args;
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
}

/**
 * The same step where the backend has the fused update kernel (optim/sgd-step-kernel.ts): the tape
 * differentiates the data loss alone, and the L2 term's gradient (l2Reg · 2w), the global norm, the clip and
 * the momentum update are one kernel call for all weights instead of about fifteen small kernels per weight.
 */
function fusedStep(args: TrainStepArgs, kept: tf.Tensor[]): tf.Tensor1D {
  const { weights, l2Reg, gradBound } = args;
  const { value, grads } = tf.variableGrads(() => {
    const { loss, report } = args.loss();
    kept.push(tf.keep(loss), ...report.map((r) => tf.keep(r)));
    return loss;
  }, [...weights]);
  const entries = weights.map((variable) => {
    const name = args.nameOf(variable);
    let gradient = grads[variable.name];
    if (gradient === undefined || gradient === null) {
      // The composition differentiates the penalty too, so there a weight off the data path still gets
      // l2Reg · 2w; keep that, and the same error when there is no penalty either.
      if (l2Reg === 0) throw new EnasError('INTERNAL', `child weight "${name}" is listed as used but gets no gradient`);
      gradient = tf.zerosLike(variable);
    }
    return { name, variable, gradient };
  });
  const stats = args.optimizer.applyFused(entries, args.learningRate, l2Reg, gradBound);
  const [sumOfSquares, norm] = tf.unstack(stats) as [tf.Scalar, tf.Scalar];
  const objective = l2Reg === 0 ? value : tf.add(value, tf.mul(sumOfSquares, l2Reg));
  return tf.stack([objective, norm, ...kept]) as tf.Tensor1D;
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
