/**
 * Fused batch-norm kernels a backend may provide (design.md §5: the trainer's backends add what makes
 * training fast; the networks stay backend-agnostic). When both are registered for the active backend,
 * batch norm in training runs as these two kernels instead of about twenty element-wise ones; otherwise it
 * runs as its tfjs composition (batch-norm.ts), with the same values to float32 rounding.
 *
 * Contracts, for x of shape [..., C] normalised over every axis but the last (N = size / C per channel):
 *
 * - `EnasBatchNormTrain`: inputs x, scale [C], offset [C]; attr epsilon. Outputs, in order:
 *   y = x̂·scale + offset, x̂ = (x − μ)·invStd (shape of x), invStd = 1/√(σ² + ε) [C], μ [C], σ² [C]
 *   (the biased batch variance, as tf.moments gives it).
 * - `EnasBatchNormTrainGrad`: inputs dy, xHat, invStd, scale; outputs dx (shape of x), dScale = Σ dy·x̂ [C],
 *   dOffset = Σ dy [C], with dx = scale·invStd/N · (N·dy − Σ dy − x̂·Σ dy·x̂) (Ioffe & Szegedy, 2015, §3).
 */
import * as tf from '@tensorflow/tfjs-core';

export const BATCH_NORM_TRAIN = 'EnasBatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD = 'EnasBatchNormTrainGrad';

/** Whether the active backend has both fused kernels. */
export function hasFusedBatchNorm(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(BATCH_NORM_TRAIN, backend) !== undefined && tf.getKernel(BATCH_NORM_TRAIN_GRAD, backend) !== undefined;
}

/** Whether `axes` are every axis of a rank-`rank` tensor but the last, the layout the fused kernels take. */
export function isLeadingAxes(axes: readonly number[], rank: number): boolean {
  return rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
}
