/**
 * Batch normalisation over every axis but the last (NHWC images, [batch, units] vectors) with a learned
 * per-channel scale and offset, as the official `batch_norm` (src/cifar10/image_ops.py) and the per-input
 * `fused_batch_norm` of micro_child.py `_enas_conv` both learn them. Moving averages exist only where the
 * context says `moving` (fixed networks, and the macro supernet by default); see ForwardContext.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, hasFusedBatchNorm, isLeadingAxes } from './batch-norm-kernels';
import type { ForwardContext } from './forward-context';
import type { ParamStore } from './param-store';

/** Moving-average decay of the official `batch_norm`. */
const MOVING_DECAY = 0.9;

export class BatchNorm {
  readonly scale: tf.Variable;
  readonly offset: tf.Variable;
  private readonly moving: { mean: tf.Variable; variance: tf.Variable } | undefined;

  /**
   * @param name prefix of the weights (`<name>/scale`, `<name>/offset`, and `<name>/moving_mean`,
   *   `<name>/moving_variance` when `withMoving`).
   * @param epsilon 1e-3 in the official `batch_norm`, 1e-5 in micro `_enas_conv`.
   */
  constructor(store: ParamStore, name: string, channels: number, withMoving: boolean, private readonly epsilon = 1e-3) {
    this.scale = store.add(`${name}/scale`, [channels], { kind: 'ones' });
    this.offset = store.add(`${name}/offset`, [channels], { kind: 'zeros' });
    this.moving = withMoving
      ? {
          mean: store.add(`${name}/moving_mean`, [channels], { kind: 'zeros' }, false),
          variance: store.add(`${name}/moving_variance`, [channels], { kind: 'ones' }, false),
        }
      : undefined;
  }

  /** The weights that get gradients. */
  get trainable(): tf.Variable[] {
    return [this.scale, this.offset];
  }

  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const moving = ctx.batchNorm === 'moving' ? this.moving : undefined;
    if (ctx.batchNorm === 'moving' && moving === undefined) {
      throw new EnasError('INTERNAL', 'a batch norm built without moving averages was run in moving mode');
    }
    if (moving !== undefined && !ctx.training) return this.normalise(x, moving.mean, moving.variance);
    if (moving === undefined) return batchNormTraining(x, this.scale, this.offset, axes, this.epsilon);
    // Assigning inside the gradient function is safe: the averages feed nothing the loss depends on.
    const update = (mean: tf.Tensor, variance: tf.Tensor): void => {
      moving.mean.assign(tf.add(tf.mul(moving.mean, MOVING_DECAY), tf.mul(mean, 1 - MOVING_DECAY)));
      moving.variance.assign(tf.add(tf.mul(moving.variance, MOVING_DECAY), tf.mul(variance, 1 - MOVING_DECAY)));
    };
    return batchNormTraining(x, this.scale, this.offset, axes, this.epsilon, update);
  }

  private normalise(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor {
    const inv = tf.rsqrt(tf.add(variance, this.epsilon));
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), inv), this.scale), this.offset);
  }
}

function useFusedKernels(axes: readonly number[], rank: number): boolean {
  return isLeadingAxes(axes, rank) && hasFusedBatchNorm();
}

/**
 * Batch normalisation with batch statistics and its closed-form gradient (Ioffe & Szegedy, 2015, §3):
 * with x̂ = (x − μ)/σ and N elements per channel,
 *   ∂L/∂β = Σ dy,   ∂L/∂γ = Σ dy·x̂,   ∂L/∂x = γ/(σN) · (N·dy − Σ dy − x̂ · Σ dy·x̂).
 * Autodiff through tf.moments builds the same gradient from about twenty element-wise kernels per call; on
 * the wasm backend that was the largest share of a child step, and this version does a handful. Where the
 * backend has the fused kernels of batch-norm-kernels.ts (ours for wasm), forward and backward are one kernel
 * each: in a profiled wasm micro child step the composition's Multiply, Sub and forward were the three most
 * expensive kernels, ahead of the convolutions, and fused a step takes 12–23% less CPU (bench/README.md).
 *
 * `onMoments` receives the batch mean and (biased) variance per channel, for moving averages; it runs inside
 * the forward pass, whose intermediates are freed after it.
 */
export function batchNormTraining(
  x: tf.Tensor,
  scale: tf.Tensor,
  offset: tf.Tensor,
  axes: number[],
  epsilon: number,
  onMoments?: (mean: tf.Tensor, variance: tf.Tensor) => void,
): tf.Tensor {
  if (useFusedKernels(axes, x.rank)) return fusedBatchNormTraining(x, scale, offset, epsilon, onMoments);
  if (onMoments !== undefined) {
    tf.tidy(() => {
      const { mean, variance } = tf.moments(x, axes);
      onMoments(mean, variance);
    });
  }
  // tfjs types a custom gradient's arguments as (Tensor | GradSaveFunc)[]; they are (x, scale, offset, save).
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, scaleIn, offsetIn, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const { mean, variance } = tf.moments(xIn, axes, true);
    const inv = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(tf.sub(xIn, mean), inv);
    save([xHat, inv, scaleIn]);
    return {
      value: tf.add(tf.mul(xHat, scaleIn), offsetIn),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xh, invStd, gamma] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const g = dy as tf.Tensor;
        const n = axes.reduce((size, a) => size * (xh.shape[a] as number), 1);
        const sumDy = tf.sum(g, axes, true);
        const sumDyXHat = tf.sum(tf.mul(g, xh), axes, true);
        const dx = tf.mul(tf.mul(gamma, tf.div(invStd, n)), tf.sub(tf.sub(tf.mul(g, n), sumDy), tf.mul(xh, sumDyXHat)));
        return [dx, tf.reshape(sumDyXHat, gamma.shape), tf.reshape(sumDy, gamma.shape)];
      },
    };
  });
  return op(x, scale, offset);
}

/** The same function and gradient as one backend kernel each (batch-norm-kernels.ts). */
function fusedBatchNormTraining(
  x: tf.Tensor,
  scale: tf.Tensor,
  offset: tf.Tensor,
  epsilon: number,
  onMoments?: (mean: tf.Tensor, variance: tf.Tensor) => void,
): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, scaleIn, offsetIn, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const outputs = tf.engine().runKernel(BATCH_NORM_TRAIN, { x: xIn, scale: scaleIn, offset: offsetIn }, { epsilon });
    const [y, xHat, invStd, mean, variance] = outputs as tf.Tensor[] as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    onMoments?.(mean, variance);
    save([xHat, invStd, scaleIn]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xh, inv, gamma] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const grads = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, { dy: dy as tf.Tensor, xHat: xh, invStd: inv, scale: gamma });
        return grads as tf.Tensor[];
      },
    };
  });
  return op(x, scale, offset);
}
