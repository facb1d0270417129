/**
 * The macro network (ENAS §2.3; official general_child.py, `whole_channels` mode), as a weight-shared
 * supernet or as a fixed network for one architecture.
 *
 * Stem 3×3 conv → BN, then L layers, each applying its op to node k and combining the result with its skip
 * sources; after each pool layer every feature map is halved by a factorized reduction (see
 * macro-layout.ts). Head: global average pool → dropout → dense.
 *
 * The layers take one of two forms. A fixed network is built as the official `_fixed_layer` builds it
 * (fixed-form-layer.ts). The supernet is built by default as the official search graph, `_enas_layer`
 * (enas-form-layer.ts), and with `searchLayer: 'fixed-layer'` in the fixed form with every op and skip
 * block created. As in the official code the supernet keeps the channel count through the poolings, while a
 * fixed network doubles it at each. Batch norm: a fixed network keeps moving averages and evaluates with
 * them; the supernet does too by default, as the official search graph (`searchBatchNorm: 'moving'`), or
 * uses batch statistics only (`'batch'`); see ForwardContext.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { MacroChildConfig } from '../../../shared/config/child';
import type { MacroSpaceConfig } from '../../../shared/config/space';
import { EnasError } from '../../../shared/errors';
import type { Prng } from '../../random/prng';
import type { MacroArc } from '../../spaces';
import { ConvBn, FactorizedReduction } from '../layers/conv-blocks';
import type { ForwardContext } from '../layers/forward-context';
import { ClassifierHead, ImageNetworkBase } from '../image-network';
import type { ImageInput } from '../image-network';
import type { ImageBatch, ImageEvalMetrics, ImageSupernet, ImageTrainMetrics, TrainOptions } from '../supernet';
import { EnasFormLayer } from './enas-form-layer';
import { FixedFormLayer } from './fixed-form-layer';
import type { MacroLayerBlock } from './macro-layer';
import { checkMacroArc, macroLayout, macroReads, nativeStage, stageOfLayer } from './macro-layout';
import type { MacroLayout } from './macro-layout';

/** `fixed`: build the weights of this architecture only. */
type MacroBuild = { readonly kind: 'supernet' } | { readonly kind: 'fixed'; readonly arc: MacroArc };

export class MacroNetwork extends ImageNetworkBase<MacroArc> implements ImageSupernet<MacroArc> {
  private readonly layout: MacroLayout;
  private readonly stem: ConvBn;
  private readonly layers: MacroLayerBlock[];
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
    const movingBatchNorm = fixed || child.searchBatchNorm === 'moving';
    super('macro', fixed ? 'macro-fixed' : 'macro-supernet', input, child, prng, movingBatchNorm ? 'moving' : 'batch');
    const { numLayers, numBranches } = spaceConfig;
    this.layout = macroLayout(numLayers, child.poolLayers, input);
    const channelsAt = (stage: number): number => child.outFilters * (fixed ? 2 ** stage : 1);
    this.stem = new ConvBn(this.store, 'stem', 3, input.channels, channelsAt(0), { preRelu: false, movingBatchNorm });
    this.layers = Array.from({ length: numLayers }, (_, k): MacroLayerBlock => {
      const channels = channelsAt(stageOfLayer(this.layout, k));
      if (build.kind === 'supernet' && child.searchLayer === 'enas-layer') {
        return new EnasFormLayer(this.store, k, { numBranches, channels, movingBatchNorm });
      }
      const chosen = build.kind === 'fixed' ? build.arc.layers[k] : undefined;
      return new FixedFormLayer(this.store, k, { numBranches, channels, movingBatchNorm, chosen });
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
          movingBatchNorm,
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
      const sources = layer.skips.flatMap((bit, j) => (bit === 1 ? [read(j, stage)] : []));
      nodes.push(this.layerAt(k).apply(read(k, stage), layer, sources, ctx));
    });
    const last = read(this.layout.numLayers, stageOfLayer(this.layout, this.layout.numLayers));
    return this.head.apply(last, this.child.keepProb, ctx);
  }

  protected usedTrainable(arc: MacroArc): tf.Variable[] {
    const used: tf.Variable[] = [...this.stem.trainable];
    arc.layers.forEach((layer, k) => used.push(...this.layerAt(k).trainable(layer)));
    for (const { pool, node } of this.reductionsFor(arc)) used.push(...this.reduction(pool, node).trainable);
    used.push(...this.head.trainable);
    return used;
  }

  private layerAt(k: number): MacroLayerBlock {
    const layer = this.layers[k];
    if (layer === undefined) throw new EnasError('INTERNAL', `macro network has no layer ${k}`);
    return layer;
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
