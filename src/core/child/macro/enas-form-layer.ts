/**
 * The macro layer as the official search graph builds it (general_child.py `_enas_layer` with
 * `whole_channels`, the path of scripts/cifar10_macro_search.sh), the supernet's default form:
 * - every op begins with 1×1 conv → BN → ReLU on the layer input (`inp_conv_1`, `conv_1`);
 * - conv3x3/conv5x5 then run k×k conv → BN → ReLU, sep3x3/sep5x5 depthwise k×k → pointwise → BN → ReLU
 *   (`_conv_branch`), avg3x3/max3x3 a 3×3 pool at stride 1 (`_pool_branch`);
 * - from layer 1 on, the op output and the nodes of the skip bits set are summed and batch-normalised
 *   (`add_n` then `batch_norm` in the `skip` scope). There is no 1×1 projection of the skips and no ReLU
 *   after that batch norm: the next layer's 1×1 conv reads it as it is.
 * The official code slices its op weights by a channel range (start_idx, count); in whole_channels mode the
 * range is always every channel, so the slices are the whole weights and are not modelled here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import type { MacroLayer } from '../../spaces';
import { addAll } from '../layers/add-all';
import { BatchNorm } from '../layers/batch-norm';
import { ConvBn, SepConvBn } from '../layers/conv-blocks';
import type { ForwardContext } from '../layers/forward-context';
import type { ParamStore } from '../layers/param-store';
import { OP_NAMES, macroOpKind } from './macro-layer';
import type { MacroLayerBlock, MacroOpKind } from './macro-layer';

export interface EnasFormLayerOptions {
  readonly numBranches: number;
  readonly channels: number;
  readonly movingBatchNorm: boolean;
}

/** One op of the search graph: the 1×1 conv → BN in front, then its own weights (none for a pool). */
class EnasBranch {
  private readonly inputConv: ConvBn;
  private readonly conv: ConvBn | SepConvBn | undefined;

  constructor(store: ParamStore, name: string, private readonly kind: MacroOpKind, c: number, movingBatchNorm: boolean) {
    this.inputConv = new ConvBn(store, `${name}/inp_conv`, 1, c, c, { preRelu: false, movingBatchNorm });
    // preRelu: the ReLU after the 1×1 conv's batch norm.
    const options = { preRelu: true, movingBatchNorm };
    if (kind.kind === 'conv') this.conv = new ConvBn(store, `${name}/out_conv`, kind.size, c, c, options);
    else if (kind.kind === 'sep') this.conv = new SepConvBn(store, `${name}/out_conv`, kind.size, c, c, options);
  }

  get trainable(): tf.Variable[] {
    return [...this.inputConv.trainable, ...(this.conv?.trainable ?? [])];
  }

  apply(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    const h = this.inputConv.apply(x, ctx);
    if (this.conv !== undefined) return tf.relu(this.conv.apply(h, ctx));
    const kind = this.kind;
    if (kind.kind !== 'pool') throw new EnasError('INTERNAL', 'a macro conv branch without its convolution');
    return kind.pool === 'avg' ? tf.avgPool(tf.relu(h), 3, 1, 'same') : tf.maxPool(tf.relu(h), 3, 1, 'same');
  }
}

export class EnasFormLayer implements MacroLayerBlock {
  private readonly branches: EnasBranch[];
  private readonly skipBn: BatchNorm | undefined;

  constructor(
    store: ParamStore,
    private readonly k: number,
    options: EnasFormLayerOptions,
  ) {
    const { channels: c, movingBatchNorm } = options;
    this.branches = Array.from(
      { length: options.numBranches },
      (_, op) => new EnasBranch(store, `layer${k}/${OP_NAMES[op]}`, macroOpKind(op), c, movingBatchNorm),
    );
    this.skipBn = k > 0 ? new BatchNorm(store, `layer${k}/skip/bn`, c, movingBatchNorm) : undefined;
  }

  apply(input: tf.Tensor4D, layer: MacroLayer, sources: readonly tf.Tensor4D[], ctx: ForwardContext): tf.Tensor4D {
    const out = this.branch(layer.op).apply(input, ctx);
    if (this.skipBn === undefined) return out;
    return this.skipBn.apply(addAll([...sources, out]), ctx) as tf.Tensor4D;
  }

  trainable(layer: MacroLayer): tf.Variable[] {
    return [...this.branch(layer.op).trainable, ...(this.skipBn?.trainable ?? [])];
  }

  private branch(op: number): EnasBranch {
    const branch = this.branches[op];
    if (branch === undefined) throw new EnasError('INTERNAL', `macro network has no op ${op} at layer ${this.k}`);
    return branch;
  }
}
