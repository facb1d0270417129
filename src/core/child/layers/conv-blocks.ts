/**
 * The convolution blocks ENAS children are built from (NHWC), each owning its weights so that a network
 * holds exactly the blocks its architecture (or, for a supernet, every architecture) can use:
 * - ConvBn: [ReLU →] k×k convolution → batch norm (the official `conv` + `batch_norm` pattern).
 * - SepConvBn: ReLU → depthwise k×k → pointwise 1×1 → batch norm (`_enas_conv` / `_fixed_conv`, one stack).
 * - FactorizedReduction: halve height and width without dropping pixels: two 1×1 stride-2 convolutions,
 *   one on the input and one on the input shifted by one pixel, concatenated, then batch norm
 *   (`_factorized_reduction` in micro_child.py and general_child.py).
 * Weights are initialised He-normal, fan-in = kernel area × input channels (a depthwise filter has one
 * input channel per output).
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { BatchNorm } from './batch-norm';
import type { ForwardContext } from './forward-context';
import type { ParamStore } from './param-store';

/** Shared options: whether the block starts with a ReLU and whether its batch norm keeps moving averages. */
interface BlockOptions {
  readonly preRelu: boolean;
  readonly movingBatchNorm: boolean;
  readonly stride?: 1 | 2;
  /** Batch-norm epsilon; 1e-3 unless given. */
  readonly epsilon?: number;
}

export class ConvBn {
  private readonly kernel: tf.Variable<tf.Rank.R4>;
  private readonly bn: BatchNorm;

  constructor(
    store: ParamStore,
    name: string,
    size: number,
    inChannels: number,
    outChannels: number,
    private readonly options: BlockOptions,
  ) {
    this.kernel = store.add(`${name}/w`, [size, size, inChannels, outChannels], {
      kind: 'he-normal',
      fanIn: size * size * inChannels,
    });
    this.bn = new BatchNorm(store, `${name}/bn`, outChannels, options.movingBatchNorm, options.epsilon);
  }

  get trainable(): tf.Variable[] {
    return [this.kernel, ...this.bn.trainable];
  }

  apply(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    const input = this.options.preRelu ? tf.relu(x) : x;
    const y = tf.conv2d(input, this.kernel, this.options.stride ?? 1, 'same');
    return this.bn.apply(y, ctx) as tf.Tensor4D;
  }
}

export class SepConvBn {
  private readonly depthwise: tf.Variable<tf.Rank.R4>;
  private readonly pointwise: tf.Variable<tf.Rank.R4>;
  private readonly bn: BatchNorm;

  constructor(
    store: ParamStore,
    name: string,
    size: number,
    inChannels: number,
    outChannels: number,
    private readonly options: BlockOptions,
  ) {
    this.depthwise = store.add(`${name}/depthwise`, [size, size, inChannels, 1], {
      kind: 'he-normal',
      fanIn: size * size,
    });
    this.pointwise = store.add(`${name}/pointwise`, [1, 1, inChannels, outChannels], {
      kind: 'he-normal',
      fanIn: inChannels,
    });
    this.bn = new BatchNorm(store, `${name}/bn`, outChannels, options.movingBatchNorm, options.epsilon);
  }

  get trainable(): tf.Variable[] {
    return [this.depthwise, this.pointwise, ...this.bn.trainable];
  }

  apply(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    const input = this.options.preRelu ? tf.relu(x) : x;
    const stride = this.options.stride ?? 1;
    const y = tf.separableConv2d(input, this.depthwise, this.pointwise, stride, 'same');
    return this.bn.apply(y, ctx) as tf.Tensor4D;
  }
}

export class FactorizedReduction {
  private readonly path1: tf.Variable<tf.Rank.R4>;
  private readonly path2: tf.Variable<tf.Rank.R4>;
  private readonly bn: BatchNorm;

  constructor(
    store: ParamStore,
    name: string,
    inChannels: number,
    outChannels: number,
    private readonly options: Omit<BlockOptions, 'stride'>,
  ) {
    if (outChannels % 2 !== 0) {
      throw new EnasError(
        'CHILD_BAD_CONFIG',
        `${name}: a factorized reduction needs an even channel count, got ${outChannels}`,
      );
    }
    const init = { kind: 'he-normal', fanIn: inChannels } as const;
    this.path1 = store.add(`${name}/path1/w`, [1, 1, inChannels, outChannels / 2], init);
    this.path2 = store.add(`${name}/path2/w`, [1, 1, inChannels, outChannels / 2], init);
    this.bn = new BatchNorm(store, `${name}/bn`, outChannels, options.movingBatchNorm, options.epsilon);
  }

  get trainable(): tf.Variable[] {
    return [this.path1, this.path2, ...this.bn.trainable];
  }

  apply(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    const input = this.options.preRelu ? tf.relu(x) : x;
    // A 1×1 convolution with stride 2 reads pixels (0, 0), (0, 2), …: the official avg_pool(1×1, stride 2)
    // followed by a 1×1 convolution, in one op.
    const a = tf.conv2d(input, this.path1, 2, 'valid');
    const b = tf.conv2d(shiftedByOne(input), this.path2, 2, 'valid');
    return this.bn.apply(tf.concat([a, b], 3), ctx) as tf.Tensor4D;
  }
}

/**
 * What the second path of a factorized reduction convolves with stride 2 so that it sees the pixels at odd
 * offsets (1, 1), (1, 3), …: the official code shifts by one, zero-padding the far edge (pad then slice).
 * With an even height and width the stride never reaches the padded row or column, so the shift is the slice
 * alone, one pass over the activation instead of two forward and two backward (the pad and its gradient),
 * and the convolution reads the same pixels; with an odd size the last output reads the zero padding.
 */
export function shiftedByOne(input: tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = input.shape;
  if (height % 2 === 0 && width % 2 === 0) return tf.slice(input, [0, 1, 1, 0], [-1, height - 1, width - 1, -1]);
  return tf.slice(tf.pad(input, [[0, 0], [0, 1], [0, 1], [0, 0]]), [0, 1, 1, 0], [-1, height, width, -1]);
}
