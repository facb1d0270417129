/**
 * The macro network (ENAS §2.3; official general_child.py, `whole_channels` mode), as a weight-shared
 * supernet or as a fixed network for one architecture: the same graph, built with every op's weights or
 * only the chosen ones.
 *
 * Stem 3×3 conv → BN, then L layers. Layer k applies its op to node k: conv3x3/conv5x5 (ReLU → conv → BN),
 * sep3x3/sep5x5 (ReLU → depthwise → pointwise → BN), avg3x3/max3x3 (pooling, no weights). From layer 1 on,
 * the op's output and the skip sources are concatenated and projected back to the layer's channels by
 * ReLU → 1×1 conv → BN (`_fixed_layer`); the 1×1 weight is one C×C block per source so that in the
 * supernet every subset of skips finds its weights. After each pool layer every feature map is halved by
 * a factorized reduction (see macro-layout.ts). Head: global average pool → dropout → dense.
 *
 * As in the official code the supernet keeps the channel count through the poolings, while a fixed network
 * doubles it at each, and the supernet normalises with batch statistics only (ForwardContext).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MacroChildConfig } from '../../../shared/config/child';
import type { MacroSpaceConfig } from '../../../shared/config/space';
import { EnasError } from '../../../shared/errors';
import type { Prng } from '../../random/prng';
import type { MacroArc } from '../../spaces';
import { BatchNorm } from '../layers/batch-norm';
import { ConvBn, FactorizedReduction, SepConvBn } from '../layers/conv-blocks';
import type { ForwardContext } from '../layers/forward-context';
import { ClassifierHead, ImageNetworkBase } from '../image-network';
import type { ImageInput } from '../image-network';
import type { ImageBatch, ImageEvalMetrics, ImageSupernet, ImageTrainMetrics, TrainOptions } from '../supernet';
import { checkMacroArc, macroLayout, macroReads, nativeStage, stageOfLayer } from './macro-layout';
import type { MacroLayout } from './macro-layout';

/** Kernel size and kind of each op of MACRO_OPS (4 and 5 are pools). */
const OP_KERNELS = [3, 3, 5, 5] as const;
const OP_NAMES = ['conv3x3', 'sep3x3', 'conv5x5', 'sep5x5', 'avg3x3', 'max3x3'] as const;

interface MacroLayer {
  /** Weights of each op, by op index; undefined for pools and for ops a fixed network does not use. */
  readonly ops: (ConvBn | SepConvBn | undefined)[];
  /** Skip projection blocks by source node (undefined where not built), and the block for the op output. */
  readonly skipBlocks: (tf.Variable<tf.Rank.R4> | undefined)[];
  readonly selfBlock: tf.Variable<tf.Rank.R4> | undefined;
  readonly skipBn: BatchNorm | undefined;
}

/** `fixed`: build the weights of this architecture only. */
type MacroBuild = { readonly kind: 'supernet' } | { readonly kind: 'fixed'; readonly arc: MacroArc };

export class MacroNetwork extends ImageNetworkBase<MacroArc> implements ImageSupernet<MacroArc> {
  private readonly layout: MacroLayout;
  private readonly stem: ConvBn;
  private readonly layers: MacroLayer[];
  /** Factorized reductions by `${pool index}/${node}`. */
  private readonly reductions = new Map<string, FactorizedReduction>();
  private readonly head: ClassifierHead;

  constructor(
    build: MacroBuild,
    private readonly spaceConfig: MacroSpaceConfig,
    private readonly child: MacroChildConfig,
    input: ImageInput,
    prng: Prng,
  ) {
    const fixed = build.kind === 'fixed';
    super('macro', fixed ? 'macro-fixed' : 'macro-supernet', input, child, prng, fixed ? 'moving' : 'batch');
    const { numLayers, numBranches } = spaceConfig;
    this.layout = macroLayout(numLayers, child.poolLayers, input);
    const channelsAt = (stage: number): number => child.outFilters * (fixed ? 2 ** stage : 1);
    const options = { preRelu: true, movingBatchNorm: fixed };
    this.stem = new ConvBn(this.store, 'stem', 3, input.channels, channelsAt(0), { ...options, preRelu: false });
    this.layers = Array.from({ length: numLayers }, (_, k) => {
      const c = channelsAt(stageOfLayer(this.layout, k));
      const chosen = build.kind === 'fixed' ? build.arc.layers[k] : undefined;
      const ops = Array.from({ length: numBranches }, (_, op) => {
        if (op >= 4 || (chosen !== undefined && chosen.op !== op)) return undefined;
        const name = `layer${k}/${OP_NAMES[op]}`;
        const size = OP_KERNELS[op] ?? 3;
        return op % 2 === 0
          ? new ConvBn(this.store, name, size, c, c, options)
          : new SepConvBn(this.store, name, size, c, c, options);
      });
      const block = (name: string): tf.Variable<tf.Rank.R4> =>
        this.store.add(`layer${k}/skip/${name}/w`, [1, 1, c, c], { kind: 'he-normal', fanIn: c });
      const skipBlocks = Array.from({ length: k }, (_, j) =>
        chosen === undefined || chosen.skips[j] === 1 ? block(`from${j}`) : undefined,
      );
      const selfBlock = k > 0 ? block('self') : undefined;
      const skipBn = k > 0 ? new BatchNorm(this.store, `layer${k}/skip/bn`, c, fixed) : undefined;
      return { ops, skipBlocks, selfBlock, skipBn };
    });
    const needed =
      build.kind === 'fixed' ? new Set(this.reductionsFor(build.arc).map((r) => `${r.pool}/${r.node}`)) : undefined;
    this.layout.poolLayers.forEach((p, pool) => {
      // After pool layer p, nodes 0 … p + 1 exist (the stem and layers 0 … p).
      for (let node = 0; node <= p + 1; node++) {
        if (needed !== undefined && !needed.has(`${pool}/${node}`)) continue;
        const name = `pool${pool}/from${node}`;
        const reduction = new FactorizedReduction(this.store, name, channelsAt(pool), channelsAt(pool + 1), {
          preRelu: false,
          movingBatchNorm: fixed,
        });
        this.reductions.set(`${pool}/${node}`, reduction);
      }
    });
    this.head = new ClassifierHead(this.store, channelsAt(this.layout.poolLayers.length), input.numClasses);
  }

  /** The (pool, node) reductions `arc` runs: each read of a node at a later stage climbs the chain. */
  private reductionsFor(arc: MacroArc): { pool: number; node: number }[] {
    const seen = new Set<string>();
    const out: { pool: number; node: number }[] = [];
    for (const { node, stage } of macroReads(this.layout, arc)) {
      for (let pool = nativeStage(this.layout, node); pool < stage; pool++) {
        const key = `${pool}/${node}`;
        if (!seen.has(key)) out.push({ pool, node });
        seen.add(key);
      }
    }
    return out;
  }

  forward(images: tf.Tensor4D, arc: MacroArc, options: { training: boolean; progress?: number }): tf.Tensor2D {
    this.checkArc(arc);
    return this.forwardArc(images, arc, options.training, options.progress);
  }

  trainStep(batch: ImageBatch, arc: MacroArc, options: TrainOptions): Promise<ImageTrainMetrics> {
    this.checkArc(arc);
    return this.trainArc(batch, arc, options);
  }

  evaluate(batch: ImageBatch, arc: MacroArc): Promise<ImageEvalMetrics> {
    this.checkArc(arc);
    return this.evaluateArc(batch, arc);
  }

  usedWeightNames(arc: MacroArc): string[] {
    this.checkArc(arc);
    return this.usedNames(arc);
  }

  paramCount(arc: MacroArc): number {
    this.checkArc(arc);
    return this.countParams(arc);
  }

  protected logits(images: tf.Tensor4D, arc: MacroArc, ctx: ForwardContext): tf.Tensor2D {
    const nodes: tf.Tensor4D[] = [this.stem.apply(images, ctx)];
    const atStage = new Map<string, tf.Tensor4D>();
    const read = (node: number, stage: number): tf.Tensor4D => {
      if (stage === nativeStage(this.layout, node)) return nodes[node] as tf.Tensor4D;
      const key = `${stage - 1}/${node}`;
      const cached = atStage.get(key);
      if (cached !== undefined) return cached;
      const pooled = this.reduction(stage - 1, node).apply(read(node, stage - 1), ctx);
      atStage.set(key, pooled);
      return pooled;
    };
    arc.layers.forEach((layer, k) => {
      const stage = stageOfLayer(this.layout, k);
      const weights = this.layers[k] as MacroLayer;
      const x = read(k, stage);
      const opWeights = weights.ops[layer.op];
      let out: tf.Tensor4D;
      if (layer.op >= 4) out = layer.op === 4 ? tf.avgPool(x, 3, 1, 'same') : tf.maxPool(x, 3, 1, 'same');
      else if (opWeights !== undefined) out = opWeights.apply(x, ctx);
      else throw new EnasError('INTERNAL', `macro network has no weights for layer ${k} op ${layer.op}`);
      if (k > 0) {
        const sources = layer.skips.flatMap((bit, j) => (bit === 1 ? [j] : []));
        const inputs = [...sources.map((j) => read(j, stage)), out];
        const kernel = tf.concat([...sources.map((j) => this.skipBlock(weights, k, j)), this.selfBlock(weights, k)], 2);
        const projected = tf.conv2d(tf.relu(tf.concat(inputs, 3)), kernel, 1, 'same');
        out = (weights.skipBn as BatchNorm).apply(projected, ctx) as tf.Tensor4D;
      }
      nodes.push(out);
    });
    const last = read(this.layout.numLayers, stageOfLayer(this.layout, this.layout.numLayers));
    return this.head.apply(last, this.child.keepProb, ctx);
  }

  protected usedTrainable(arc: MacroArc): tf.Variable[] {
    const used: tf.Variable[] = [...this.stem.trainable];
    arc.layers.forEach((layer, k) => {
      const weights = this.layers[k] as MacroLayer;
      used.push(...(weights.ops[layer.op]?.trainable ?? []));
      if (k > 0) {
        layer.skips.forEach((bit, j) => {
          if (bit === 1) used.push(this.skipBlock(weights, k, j));
        });
        used.push(this.selfBlock(weights, k), ...(weights.skipBn?.trainable ?? []));
      }
    });
    for (const { pool, node } of this.reductionsFor(arc)) used.push(...this.reduction(pool, node).trainable);
    used.push(...this.head.trainable);
    return used;
  }

  private skipBlock(weights: MacroLayer, k: number, j: number): tf.Variable<tf.Rank.R4> {
    const block = weights.skipBlocks[j];
    if (block === undefined) {
      throw new EnasError('INTERNAL', `macro network has no skip weights for layer ${k} from node ${j}`);
    }
    return block;
  }

  private selfBlock(weights: MacroLayer, k: number): tf.Variable<tf.Rank.R4> {
    if (weights.selfBlock === undefined) {
      throw new EnasError('INTERNAL', `macro network has no projection for layer ${k}`);
    }
    return weights.selfBlock;
  }

  private reduction(pool: number, node: number): FactorizedReduction {
    const reduction = this.reductions.get(`${pool}/${node}`);
    if (reduction === undefined) {
      throw new EnasError('INTERNAL', `macro network has no factorized reduction of node ${node} at pool ${pool}`);
    }
    return reduction;
  }

  private checkArc(arc: MacroArc): void {
    checkMacroArc(arc, this.spaceConfig.numLayers, this.spaceConfig.numBranches);
  }
}
