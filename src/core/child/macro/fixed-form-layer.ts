/**
 * The macro layer as the official fixed network builds it (general_child.py `_fixed_layer`,
 * `whole_channels`): conv3x3/conv5x5 as ReLU → conv → BN, sep3x3/sep5x5 as ReLU → depthwise → pointwise → BN,
 * avg3x3/max3x3 as a 3×3 pool at stride 1 without weights. From layer 1 on, the op output and the skip
 * sources are concatenated and projected back to the layer's channels by ReLU → 1×1 conv → BN.
 *
 * The 1×1 projection is one C×C block per source (and one for the op output), so that a supernet built in
 * this form (`searchLayer: 'fixed-layer'`) finds weights for every subset of skips; a fixed network builds
 * only its own blocks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import type { MacroLayer } from '../../spaces';
import { BatchNorm } from '../layers/batch-norm';
import { ConvBn, SepConvBn } from '../layers/conv-blocks';
import type { ForwardContext } from '../layers/forward-context';
import type { ParamStore } from '../layers/param-store';
import { OP_NAMES, macroOpKind } from './macro-layer';
import type { MacroLayerBlock } from './macro-layer';

export interface FixedFormLayerOptions {
  readonly numBranches: number;
  readonly channels: number;
  readonly movingBatchNorm: boolean;
  /** Build only the weights of this choice (a fixed network); every op and skip when undefined. */
  readonly chosen: MacroLayer | undefined;
}

export class FixedFormLayer implements MacroLayerBlock {
  /** Weights of each op, by op index; undefined for pools and for ops not built. */
  private readonly ops: (ConvBn | SepConvBn | undefined)[];
  /** Projection blocks by source node (undefined where not built), and the block of the op output. */
  private readonly skipBlocks: (tf.Variable<tf.Rank.R4> | undefined)[];
  private readonly selfBlock: tf.Variable<tf.Rank.R4> | undefined;
  private readonly skipBn: BatchNorm | undefined;

  constructor(
    store: ParamStore,
    private readonly k: number,
    options: FixedFormLayerOptions,
  ) {
    const { channels: c, chosen, movingBatchNorm } = options;
    const blockOptions = { preRelu: true, movingBatchNorm };
    this.ops = Array.from({ length: options.numBranches }, (_, op) => {
      const kind = macroOpKind(op);
      if (kind.kind === 'pool' || (chosen !== undefined && chosen.op !== op)) return undefined;
      const name = `layer${k}/${OP_NAMES[op]}`;
      return kind.kind === 'conv'
        ? new ConvBn(store, name, kind.size, c, c, blockOptions)
        : new SepConvBn(store, name, kind.size, c, c, blockOptions);
    });
    const block = (name: string): tf.Variable<tf.Rank.R4> =>
      store.add(`layer${k}/skip/${name}/w`, [1, 1, c, c], { kind: 'he-normal', fanIn: c });
    this.skipBlocks = Array.from({ length: k }, (_, j) =>
      chosen === undefined || chosen.skips[j] === 1 ? block(`from${j}`) : undefined,
    );
    this.selfBlock = k > 0 ? block('self') : undefined;
    this.skipBn = k > 0 ? new BatchNorm(store, `layer${k}/skip/bn`, c, movingBatchNorm) : undefined;
  }

  apply(input: tf.Tensor4D, layer: MacroLayer, sources: readonly tf.Tensor4D[], ctx: ForwardContext): tf.Tensor4D {
    const kind = macroOpKind(layer.op);
    let out: tf.Tensor4D;
    if (kind.kind === 'pool') out = kind.pool === 'avg' ? tf.avgPool(input, 3, 1, 'same') : tf.maxPool(input, 3, 1, 'same');
    else out = this.op(layer.op).apply(input, ctx);
    if (this.k === 0) return out;
    const kernel = tf.concat([...this.sourceIndices(layer).map((j) => this.skipBlock(j)), this.self()], 2);
    const projected = tf.conv2d(tf.relu(tf.concat([...sources, out], 3)), kernel, 1, 'same');
    return (this.skipBn as BatchNorm).apply(projected, ctx) as tf.Tensor4D;
  }

  trainable(layer: MacroLayer): tf.Variable[] {
    const used: tf.Variable[] = macroOpKind(layer.op).kind === 'pool' ? [] : [...this.op(layer.op).trainable];
    if (this.k > 0) {
      used.push(...this.sourceIndices(layer).map((j) => this.skipBlock(j)), this.self());
      used.push(...(this.skipBn?.trainable ?? []));
    }
    return used;
  }

  private sourceIndices(layer: MacroLayer): number[] {
    return layer.skips.flatMap((bit, j) => (bit === 1 ? [j] : []));
  }

  private op(op: number): ConvBn | SepConvBn {
    const weights = this.ops[op];
    if (weights === undefined) throw new EnasError('INTERNAL', `macro network has no weights for layer ${this.k} op ${op}`);
    return weights;
  }

  private skipBlock(j: number): tf.Variable<tf.Rank.R4> {
    const block = this.skipBlocks[j];
    if (block === undefined) {
      throw new EnasError('INTERNAL', `macro network has no skip weights for layer ${this.k} from node ${j}`);
    }
    return block;
  }

  private self(): tf.Variable<tf.Rank.R4> {
    if (this.selfBlock === undefined) throw new EnasError('INTERNAL', `macro network has no projection for layer ${this.k}`);
    return this.selfBlock;
  }
}
