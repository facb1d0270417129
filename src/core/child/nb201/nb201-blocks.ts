/**
 * The fixed parts of the NAS-Bench-201 network (official D-X-Y/AutoDL-Projects lib/models/cell_operations.py
 * `ResNetBasicblock`, `ReLUConvBN`, and tiny_network.py `TinyNetwork`): the residual reduction block between
 * stages and the head. PyTorch's batch norm uses epsilon 1e-5 (NB201_EPSILON) and a moving-average momentum
 * of 0.1, which is this code's decay 0.9.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm } from '../layers/batch-norm';
import { ConvBn } from '../layers/conv-blocks';
import { dropout } from '../layers/dropout';
import type { ForwardContext } from '../layers/forward-context';
import type { ParamStore } from '../layers/param-store';

/** PyTorch's BatchNorm2d default epsilon, which the benchmark's network keeps. */
export const NB201_EPSILON = 1e-5;

/** ReLU → k×k conv (no bias) → BN, the benchmark's `ReLUConvBN` (ops nor_conv_1x1 and nor_conv_3x3). */
export function reluConvBn(
  store: ParamStore,
  name: string,
  size: number,
  inChannels: number,
  outChannels: number,
  moving: boolean,
  stride: 1 | 2 = 1,
): ConvBn {
  return new ConvBn(store, name, size, inChannels, outChannels, {
    preRelu: true,
    movingBatchNorm: moving,
    stride,
    epsilon: NB201_EPSILON,
  });
}

/**
 * `ResNetBasicblock(C_in, C_out, stride=2)`: ReLU → 3×3 conv stride 2 → BN → ReLU → 3×3 conv → BN, plus a
 * shortcut of 2×2 average pooling (stride 2) and a 1×1 conv without batch norm. One difference: tfjs's 'same'
 * padding of a stride-2 convolution on an even side pads only the far edge where PyTorch's padding=1 pads
 * both, so the strided 3×3 samples the image one pixel further on; shapes and parameters are the same.
 */
export class ResidualReduction {
  private readonly convA: ConvBn;
  private readonly convB: ConvBn;
  private readonly shortcut: tf.Variable<tf.Rank.R4>;

  constructor(store: ParamStore, name: string, inChannels: number, outChannels: number, moving: boolean) {
    this.convA = reluConvBn(store, `${name}/conv_a`, 3, inChannels, outChannels, moving, 2);
    this.convB = reluConvBn(store, `${name}/conv_b`, 3, outChannels, outChannels, moving);
    this.shortcut = store.add(`${name}/downsample/w`, [1, 1, inChannels, outChannels], {
      kind: 'he-normal',
      fanIn: inChannels,
    });
  }

  get trainable(): tf.Variable[] {
    return [...this.convA.trainable, ...this.convB.trainable, this.shortcut];
  }

  apply(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    const residual = tf.conv2d(tf.avgPool(x, 2, 2, 'valid'), this.shortcut, 1, 'valid');
    return tf.add(this.convB.apply(this.convA.apply(x, ctx), ctx), residual);
  }
}

/**
 * The head of `TinyNetwork`: BN → ReLU (`lastact`) → global average pool → linear classifier with a bias.
 * A dropout before the classifier (keepProb < 1) is ours; the benchmark has none.
 */
export class Nb201Head {
  private readonly bn: BatchNorm;
  private readonly weight: tf.Variable<tf.Rank.R2>;
  private readonly bias: tf.Variable<tf.Rank.R1>;

  constructor(store: ParamStore, channels: number, numClasses: number, moving: boolean) {
    this.bn = new BatchNorm(store, 'lastact/bn', channels, moving, NB201_EPSILON);
    this.weight = store.add('classifier/w', [channels, numClasses], { kind: 'he-normal', fanIn: channels });
    this.bias = store.add('classifier/b', [numClasses], { kind: 'zeros' });
  }

  get trainable(): tf.Variable[] {
    return [...this.bn.trainable, this.weight, this.bias];
  }

  apply(x: tf.Tensor4D, keepProb: number, ctx: ForwardContext): tf.Tensor2D {
    let pooled: tf.Tensor2D = tf.mean(tf.relu(this.bn.apply(x, ctx)), [1, 2]);
    if (ctx.training && keepProb < 1) pooled = dropout(pooled, keepProb, pooled.shape, ctx.prng);
    return tf.add(tf.matMul(pooled, this.weight), this.bias);
  }
}
