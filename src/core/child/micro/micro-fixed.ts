/**
 * A micro network built for one architecture, to retrain it from scratch (official micro_child.py with
 * `fixed_arc`, `_fixed_layer`). Only the chosen ops have weights.
 *
 * It differs from the search graph as the official fixed graph does: a reduction cell strides its ops on
 * the two cell inputs (identity becomes a factorized reduction) instead of being preceded by one; the second
 * input always passes a ReLU → 1×1 conv → BN "base" projection; the loose ends are concatenated without a
 * projection (a cell outputs loose·C channels and the next cell's calibration brings them back to C, halving
 * full-size loose cell inputs of a reduction cell by factorized reduction); batch norm keeps moving averages
 * for inference; and drop-path (if dropPathKeepProb < 1) drops op outputs during training.
 */
import * as tf from '@tensorflow/tfjs-core';
import { microSpaceSchema } from '../../../shared/config/space';
import type { MicroSpaceConfig } from '../../../shared/config/space';
import { microChildSchema } from '../../../shared/config/child';
import type { MicroChildConfig } from '../../../shared/config/child';
import type { Prng } from '../../random/prng';
import type { MicroArc, MicroCell } from '../../spaces';
import { addAll } from '../layers/add-all';
import { ConvBn, FactorizedReduction } from '../layers/conv-blocks';
import { dropPath } from '../layers/dropout';
import type { ForwardContext } from '../layers/forward-context';
import { ClassifierHead, ImageNetworkBase } from '../image-network';
import type { ImageInput } from '../image-network';
import { parseChildConfig } from '../parse-child-config';
import type { FixedImageNetwork, ImageBatch, ImageEvalMetrics, ImageTrainMetrics, TrainOptions } from '../supernet';
import { checkMicroArc, looseEnds, microReductionCells } from './micro-layout';
import type { FeatureShape } from './micro-layout';
import { Calibration, SEP_KERNEL, StackedSepConv, isSepOp, poolOp } from './micro-ops';

export interface FixedMicroOptions {
  /** The architecture to build; its cells must have `space.numNodes` nodes. */
  readonly arc: MicroArc;
  readonly space: MicroSpaceConfig;
  /** Usually larger than during the search (micro final: numLayers 15, outFilters 36). */
  readonly child: MicroChildConfig;
  readonly input: ImageInput;
  /** Draws the initial weights and every dropout and drop-path mask. */
  readonly prng: Prng;
}

interface FixedCell {
  readonly arc: MicroCell;
  readonly stride: 1 | 2;
  readonly calibration: Calibration;
  readonly base: ConvBn;
  /** `ops[node][branch]`: a separable stack, a factorized reduction (strided identity), or nothing. */
  readonly ops: (StackedSepConv | FactorizedReduction | undefined)[][];
  /** Factorized reductions of full-size loose cell inputs in a reduction cell, by graph node. */
  readonly combine: Map<number, FactorizedReduction>;
}

class FixedMicroNetwork extends ImageNetworkBase<MicroArc> implements FixedImageNetwork {
  private readonly stem: ConvBn;
  private readonly cells: FixedCell[];
  private readonly head: ClassifierHead;

  constructor(
    private readonly arc: MicroArc,
    private readonly child: MicroChildConfig,
    input: ImageInput,
    prng: Prng,
  ) {
    super('micro', 'micro-fixed', input, child, prng, 'moving');
    const isReduction = microReductionCells(child.numLayers, child.reductionLayers, input);
    let channels = child.outFilters;
    this.stem = new ConvBn(this.store, 'stem', 3, input.channels, 3 * channels, { preRelu: false, movingBatchNorm: true });
    const stemShape: FeatureShape = { height: input.height, width: input.width, channels: 3 * channels };
    let previous: [FeatureShape, FeatureShape] = [stemShape, stemShape];
    this.cells = isReduction.map((reduction, c) => {
      if (reduction) channels *= 2;
      const cellArc = reduction ? arc.reduction : arc.normal;
      const cell = this.createCell(`cell${c}`, cellArc, reduction ? 2 : 1, previous, channels);
      const [, last] = previous;
      const out: FeatureShape = {
        height: last.height / cell.stride,
        width: last.width / cell.stride,
        channels: looseEnds(cellArc).length * channels,
      };
      previous = [last, out];
      return cell;
    });
    this.head = new ClassifierHead(this.store, previous[1].channels, input.numClasses);
  }

  private createCell(
    name: string,
    cellArc: MicroCell,
    stride: 1 | 2,
    inputs: [FeatureShape, FeatureShape],
    channels: number,
  ): FixedCell {
    const moving = { preRelu: false, movingBatchNorm: true } as const;
    const calibration = new Calibration(this.store, `${name}/calibrate`, inputs, channels, true);
    const base = new ConvBn(this.store, `${name}/base`, 1, channels, channels, { ...moving, preRelu: true });
    const ops = cellArc.nodes.map((node, k) =>
      node.inputs.map((from, b) => {
        const op = node.ops[b] as number;
        const opStride = from < 2 ? stride : 1;
        const opName = `${name}/node${k + 2}/${b === 0 ? 'x' : 'y'}`;
        if (isSepOp(op)) {
          const size = SEP_KERNEL[op];
          return new StackedSepConv(this.store, `${opName}/sep${size}x${size}`, size, channels, opStride, true);
        }
        if (op === 4 && opStride === 2) return new FactorizedReduction(this.store, `${opName}/reduce`, channels, channels, moving);
        return undefined;
      }),
    );
    const combine = new Map<number, FactorizedReduction>();
    if (stride === 2) {
      for (const i of looseEnds(cellArc).filter((i) => i < 2)) {
        combine.set(i, new FactorizedReduction(this.store, `${name}/combine/from${i}`, channels, channels, moving));
      }
    }
    return { arc: cellArc, stride, calibration, base, ops, combine };
  }

  forward(images: tf.Tensor4D, options: { training: boolean; progress?: number }): tf.Tensor2D {
    return this.forwardArc(images, this.arc, options.training, options.progress);
  }

  trainStep(batch: ImageBatch, options: TrainOptions): Promise<ImageTrainMetrics> {
    return this.trainArc(batch, this.arc, options);
  }

  evaluate(batch: ImageBatch): Promise<ImageEvalMetrics> {
    return this.evaluateArc(batch, this.arc);
  }

  paramCount(): number {
    return this.countParams(this.arc);
  }

  protected logits(images: tf.Tensor4D, _arc: MicroArc, ctx: ForwardContext): tf.Tensor2D {
    const stem = this.stem.apply(images, ctx);
    let previous: [tf.Tensor4D, tf.Tensor4D] = [stem, stem];
    this.cells.forEach((cell, c) => {
      previous = [previous[1], this.applyCell(cell, c, previous, ctx)];
    });
    return this.head.apply(tf.relu(previous[1]), this.child.keepProb, ctx);
  }

  private applyCell(cell: FixedCell, index: number, inputs: [tf.Tensor4D, tf.Tensor4D], ctx: ForwardContext): tf.Tensor4D {
    const [a, b] = cell.calibration.apply(inputs[0], inputs[1], ctx);
    const states: tf.Tensor4D[] = [a, cell.base.apply(b, ctx)];
    const depth = (index + 1) / this.cells.length;
    cell.arc.nodes.forEach((node, k) => {
      const branches = node.inputs.map((from, branch) => {
        const op = node.ops[branch] as number;
        const x = states[from] as tf.Tensor4D;
        const weights = cell.ops[k]?.[branch];
        if (op === 4) return weights === undefined ? x : weights.apply(x, ctx);
        const y = weights !== undefined ? weights.apply(x, ctx) : poolOp(op as 2 | 3, x, from < 2 ? cell.stride : 1);
        const keep = this.child.dropPathKeepProb;
        return ctx.training && keep < 1 ? dropPath(y, keep, depth, ctx.progress, ctx.prng) : y;
      });
      states.push(addAll(branches));
    });
    const outputs = looseEnds(cell.arc).map((i) => {
      const state = states[i] as tf.Tensor4D;
      return cell.combine.get(i)?.apply(state, ctx) ?? state;
    });
    return tf.concat(outputs, 3);
  }

  protected usedTrainable(): tf.Variable[] {
    return [...this.store.variables.values()].filter((v) => v.trainable);
  }
}

/** A micro network for `options.arc` alone, its weights initialised from `options.prng`. */
export function createFixedMicroNetwork(options: FixedMicroOptions): FixedImageNetwork {
  const space = parseChildConfig(microSpaceSchema, options.space, 'micro search space');
  const child = parseChildConfig(microChildSchema, options.child, 'micro child');
  checkMicroArc(options.arc, space.numNodes, space.numBranches);
  return new FixedMicroNetwork(options.arc, child, options.input, options.prng);
}
