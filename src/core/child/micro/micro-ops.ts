/**
 * The pieces micro cells share, searched or fixed (micro_child.py): the separable convolution applied
 * twice, the weight-free pooling ops, and the calibration that brings a cell's two inputs to the cell's
 * shape. Ops are MICRO_OPS: 0 sep3x3, 1 sep5x5, 2 avg3x3, 3 max3x3, 4 identity.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvBn, FactorizedReduction, SepConvBn } from '../layers/conv-blocks';
import type { ForwardContext } from '../layers/forward-context';
import type { ParamStore } from '../layers/param-store';
import type { FeatureShape } from './micro-layout';

/** Kernel size of the separable ops 0 and 1. */
export const SEP_KERNEL = [3, 5] as const;

/** Whether op `op` has weights of its own (the separable convolutions). */
export function isSepOp(op: number): op is 0 | 1 {
  return op === 0 || op === 1;
}

/**
 * ReLU → separable conv → BN, twice (`_enas_conv` / `_fixed_conv`, stack_convs=2). Only the first stack
 * strides. The search version's batch norms use epsilon 1e-5 as `_enas_conv` does.
 */
export class StackedSepConv {
  private readonly stacks: SepConvBn[];

  constructor(store: ParamStore, name: string, size: number, channels: number, stride: 1 | 2, moving: boolean) {
    const epsilon = moving ? 1e-3 : 1e-5;
    this.stacks = [0, 1].map(
      (s) =>
        new SepConvBn(store, `${name}/stack${s}`, size, channels, channels, {
          preRelu: true,
          movingBatchNorm: moving,
          stride: s === 0 ? stride : 1,
          epsilon,
        }),
    );
  }

  get trainable(): tf.Variable[] {
    return this.stacks.flatMap((s) => s.trainable);
  }

  apply(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    return this.stacks.reduce((y, stack) => stack.apply(y, ctx), x);
  }
}

/** avg3x3 (op 2) or max3x3 (op 3), 'same' padding; the average counts only pixels inside the image, as TF's. */
export function poolOp(op: 2 | 3, x: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  return op === 2 ? tf.avgPool(x, 3, stride, 'same') : tf.maxPool(x, 3, stride, 'same');
}

/**
 * `_maybe_calibrate_size`: the first input is halved (ReLU → factorized reduction) when it is twice the size
 * of the second, or projected (ReLU → 1×1 conv → BN) when its channels differ; the second is projected
 * when its channels differ. Both then have the cell's `channels`.
 */
export class Calibration {
  private readonly x: FactorizedReduction | ConvBn | undefined;
  private readonly y: ConvBn | undefined;

  constructor(store: ParamStore, name: string, inputs: readonly [FeatureShape, FeatureShape], channels: number, moving: boolean) {
    const [a, b] = inputs;
    const options = { preRelu: true, movingBatchNorm: moving };
    if (a.height !== b.height) {
      this.x = new FactorizedReduction(store, `${name}/x`, a.channels, channels, options);
    } else if (a.channels !== channels) {
      this.x = new ConvBn(store, `${name}/x`, 1, a.channels, channels, options);
    }
    if (b.channels !== channels) this.y = new ConvBn(store, `${name}/y`, 1, b.channels, channels, options);
  }

  get trainable(): tf.Variable[] {
    return [...(this.x?.trainable ?? []), ...(this.y?.trainable ?? [])];
  }

  apply(a: tf.Tensor4D, b: tf.Tensor4D, ctx: ForwardContext): [tf.Tensor4D, tf.Tensor4D] {
    return [this.x?.apply(a, ctx) ?? a, this.y?.apply(b, ctx) ?? b];
  }
}
