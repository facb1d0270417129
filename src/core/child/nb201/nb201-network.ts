/**
 * The NAS-Bench-201 network (Dong & Yang, ICLR 2020, §2.1 and Fig. 1; official `TinyNetwork` and `InferCell` in
 * D-X-Y/AutoDL-Projects lib/models/cell_infers), as a weight-shared supernet or as a fixed network for one cell.
 *
 * Stem 3×3 conv → BN with C channels; three stages of N cells with C, 2C and 4C channels, a residual reduction
 * block (stride 2) between stages; then BN → ReLU → global average pool → linear. Every cell of the network is
 * the same searched cell: node j sums op(j←i)(node i) over i < j, node 3 is the output. Ops: `none` (zero),
 * `skip_connect` (identity), `nor_conv_1x1` and `nor_conv_3x3` (ReLU → conv → BN), `avg_pool_3x3` (stride 1,
 * padding not counted in the average, as PyTorch's count_include_pad=False).
 *
 * The supernet holds one set of weights per (cell, edge, op), as the benchmark's ENAS search model
 * (lib/models/cell_searchs/search_model_enas.py, `forward_dynamic`) keeps one module per op on every edge, and
 * runs only the sampled op of each edge. It normalises with batch statistics in training and evaluation alike,
 * as the micro supernet does, and its batch norms keep their scale and offset (the benchmark's search cells
 * have affine=False). A fixed network builds only the ops its cell names and keeps moving averages.
 *
 * A step updates only the weights on a path from the input to the loss (nb201-layout.ts): a cell whose output
 * is zero (every path through it crosses `none`) cuts everything before it off, and only the head trains.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Nb201ChildConfig } from '../../../shared/config/child';
import { EnasError } from '../../../shared/errors';
import type { Prng } from '../../random/prng';
import type { Nb201Arc } from '../../spaces';
import { NB201_EDGES } from '../../spaces/nb201-space';
import { addAll } from '../layers/add-all';
import { ConvBn } from '../layers/conv-blocks';
import type { ForwardContext } from '../layers/forward-context';
import { ImageNetworkBase } from '../image-network';
import type { ImageInput } from '../image-network';
import type { ImageBatch, ImageEvalMetrics, ImageSupernet, ImageTrainMetrics, TrainOptions } from '../supernet';
import { NB201_EPSILON, Nb201Head, ResidualReduction, reluConvBn } from './nb201-blocks';
import { NB201_CONV_KERNEL, NB201_NODES, NB201_OP, checkNb201Arc, checkNb201Input, edgeName, nb201Liveness } from './nb201-layout';

/** `fixed`: build the weights of this architecture only. */
export type Nb201Build = { readonly kind: 'supernet' } | { readonly kind: 'fixed'; readonly arc: Nb201Arc };

/** One cell's convolutions, by `${edge}/${op}`: every conv op of every edge in a supernet, the arc's in a fixed network. */
type CellConvs = Map<string, ConvBn>;

type Layer = { readonly kind: 'cell'; readonly convs: CellConvs } | { readonly kind: 'reduction'; readonly block: ResidualReduction };

export class Nb201Network extends ImageNetworkBase<Nb201Arc> implements ImageSupernet<Nb201Arc> {
  private readonly stem: ConvBn;
  private readonly layers: Layer[];
  private readonly head: Nb201Head;

  constructor(
    build: Nb201Build,
    private readonly child: Nb201ChildConfig,
    input: ImageInput,
    prng: Prng,
  ) {
    const moving = build.kind === 'fixed';
    super('nb201', moving ? 'nb201-fixed' : 'nb201-supernet', input, child, prng, moving ? 'moving' : 'batch');
    checkNb201Input(input);
    const { outFilters: c, cellsPerStage } = child;
    this.stem = new ConvBn(this.store, 'stem', 3, input.channels, c, { preRelu: false, movingBatchNorm: moving, epsilon: NB201_EPSILON });
    const ops = build.kind === 'fixed' ? build.arc.ops : undefined;
    this.layers = [];
    [c, 2 * c, 4 * c].forEach((channels, stage) => {
      if (stage > 0) {
        const block = new ResidualReduction(this.store, `stage${stage}/reduction`, channels / 2, channels, moving);
        this.layers.push({ kind: 'reduction', block });
      }
      for (let k = 0; k < cellsPerStage; k++) {
        this.layers.push({ kind: 'cell', convs: this.createCell(`stage${stage}/cell${k}`, channels, moving, ops) });
      }
    });
    this.head = new Nb201Head(this.store, 4 * c, input.numClasses, moving);
  }

  /** The conv ops of a cell: those `ops` names, or every one when `ops` is undefined (a supernet). */
  private createCell(name: string, channels: number, moving: boolean, ops: readonly number[] | undefined): CellConvs {
    const convs: CellConvs = new Map();
    NB201_EDGES.forEach((_, e) => {
      for (const op of [NB201_OP.conv1x1, NB201_OP.conv3x3]) {
        if (ops !== undefined && ops[e] !== op) continue;
        const size = NB201_CONV_KERNEL[op] as number;
        convs.set(`${e}/${op}`, reluConvBn(this.store, `${name}/${edgeName(e)}/nor_conv_${size}x${size}`, size, channels, channels, moving));
      }
    });
    return convs;
  }

  forward(images: tf.Tensor4D, arc: Nb201Arc, options: { training: boolean; progress?: number }): tf.Tensor2D {
    checkNb201Arc(arc);
    return this.forwardArc(images, arc, options.training, options.progress);
  }

  trainStep(batch: ImageBatch, arc: Nb201Arc, options: TrainOptions): Promise<ImageTrainMetrics> {
    checkNb201Arc(arc);
    return this.trainArc(batch, arc, options);
  }

  evaluate(batch: ImageBatch, arc: Nb201Arc): Promise<ImageEvalMetrics> {
    checkNb201Arc(arc);
    return this.evaluateArc(batch, arc);
  }

  usedWeightNames(arc: Nb201Arc): string[] {
    checkNb201Arc(arc);
    return this.usedNames(arc);
  }

  /**
   * Trainable parameters of the network this cell builds, counted as the benchmark counts them: every op the
   * cell names has its weights, even on an edge whose output cannot reach the cell output.
   */
  paramCount(arc: Nb201Arc): number {
    checkNb201Arc(arc);
    const cellWeights = this.cells().flatMap((convs) =>
      arc.ops.flatMap((op, e) => (NB201_CONV_KERNEL[op] === undefined ? [] : this.conv(convs, e, op).trainable)),
    );
    const fixedParts = [...this.stem.trainable, ...this.reductions().flatMap((b) => b.trainable), ...this.head.trainable];
    return this.store.countParams([...fixedParts, ...cellWeights].map((v) => this.store.nameOf(v)));
  }

  protected logits(images: tf.Tensor4D, arc: Nb201Arc, ctx: ForwardContext): tf.Tensor2D {
    const { liveEdges, outputIsZero } = nb201Liveness(arc.ops);
    let x = this.stem.apply(images, ctx);
    for (const layer of this.layers) {
      if (layer.kind === 'reduction') x = layer.block.apply(x, ctx);
      // A zero cell output is a constant, not x · 0: nothing before it is on the loss's path.
      else x = outputIsZero ? tf.zeros(x.shape) : this.applyCell(layer.convs, arc.ops, liveEdges, x, ctx);
    }
    return this.head.apply(x, this.child.keepProb, ctx);
  }

  private applyCell(convs: CellConvs, ops: readonly number[], live: readonly boolean[], input: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    const nodes: (tf.Tensor4D | undefined)[] = [input];
    for (let to = 1; to < NB201_NODES; to++) {
      const terms = NB201_EDGES.flatMap(([t, from], e) => {
        const source = nodes[from];
        if (t !== to || live[e] !== true || source === undefined) return [];
        return [this.applyOp(convs, e, ops[e] as number, source, ctx)];
      });
      nodes.push(terms.length > 0 ? addAll(terms) : undefined);
    }
    const output = nodes[NB201_NODES - 1];
    if (output === undefined) throw new EnasError('INTERNAL', `nb201 cell [${ops.join(', ')}] has no output although one was expected`);
    return output;
  }

  private applyOp(convs: CellConvs, e: number, op: number, x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    if (op === NB201_OP.skip) return x;
    if (op === NB201_OP.avgPool) return tf.avgPool(x, 3, 1, 'same');
    return this.conv(convs, e, op).apply(x, ctx);
  }

  private conv(convs: CellConvs, e: number, op: number): ConvBn {
    const conv = convs.get(`${e}/${op}`);
    if (conv === undefined) throw new EnasError('INTERNAL', `nb201 network has no weights for ${edgeName(e)}, op ${op}`);
    return conv;
  }

  private cells(): CellConvs[] {
    return this.layers.flatMap((layer) => (layer.kind === 'cell' ? [layer.convs] : []));
  }

  private reductions(): ResidualReduction[] {
    return this.layers.flatMap((layer) => (layer.kind === 'reduction' ? [layer.block] : []));
  }

  protected usedTrainable(arc: Nb201Arc): tf.Variable[] {
    const { liveEdges, outputIsZero } = nb201Liveness(arc.ops);
    if (outputIsZero) return this.head.trainable;
    const cellWeights = this.cells().flatMap((convs) =>
      arc.ops.flatMap((op, e) => (liveEdges[e] === true && NB201_CONV_KERNEL[op] !== undefined ? this.conv(convs, e, op).trainable : [])),
    );
    return [...this.stem.trainable, ...this.reductions().flatMap((b) => b.trainable), ...cellWeights, ...this.head.trainable];
  }
}
