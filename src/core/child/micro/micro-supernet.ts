/**
 * The weight-shared supernet of the micro space (ENAS §2.3; official micro_child.py, search mode).
 *
 * Stem 3×3 conv → numLayers + 2 cells → ReLU → global average pool → dropout → dense. A reduction cell is
 * preceded by a factorized reduction of the previous cell's output, which doubles the channels; inside the
 * cell every op runs at stride 1, as `_enas_layer` does. In each cell, node k+2 sums two ops, each applied
 * to an earlier node; the nodes no one reads are concatenated and projected back to the cell's channels by
 * ReLU → 1×1 conv → BN, the 1×1 weight being one C×C block per graph node so any set of loose ends finds
 * its weights.
 *
 * Weights per cell, node, branch (x or y), input node and op, as the official code keeps one row per input
 * of its `[num_possible_inputs, …]` tensors; each is a variable of its own here, so a step gives gradients,
 * L2 decay and momentum only to the weights the sampled child uses. Pooling and identity have no weights:
 * after calibration every node carries the cell's channels, so the official per-op 1×1 calibration
 * (created only when channels differ) never arises.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { microSpaceSchema } from '../../../shared/config/space';
import type { MicroSpaceConfig } from '../../../shared/config/space';
import { microChildSchema } from '../../../shared/config/child';
import type { MicroChildConfig } from '../../../shared/config/child';
import type { Prng } from '../../random/prng';
import type { MicroArc, MicroCell } from '../../spaces';
import { addAll } from '../layers/add-all';
import { BatchNorm } from '../layers/batch-norm';
import { ConvBn, FactorizedReduction } from '../layers/conv-blocks';
import { dropPath } from '../layers/dropout';
import type { ForwardContext } from '../layers/forward-context';
import { ClassifierHead, ImageNetworkBase } from '../image-network';
import type { ImageInput } from '../image-network';
import { parseChildConfig } from '../parse-child-config';
import type { ImageBatch, ImageEvalMetrics, ImageSupernet, ImageTrainMetrics, TrainOptions } from '../supernet';
import { checkMicroArc, looseEnds, microReductionCells } from './micro-layout';
import type { FeatureShape } from './micro-layout';
import { Calibration, SEP_KERNEL, StackedSepConv, isSepOp, poolOp } from './micro-ops';

export interface MicroSupernetOptions {
  readonly space: MicroSpaceConfig;
  readonly child: MicroChildConfig;
  readonly input: ImageInput;
  /** Draws the initial weights and every dropout mask. */
  readonly prng: Prng;
}

interface SearchCell {
  readonly reduction: boolean;
  /** Factorized reduction of the previous output before a reduction cell. */
  readonly reduce: FactorizedReduction | undefined;
  readonly calibration: Calibration;
  /** `ops[node][branch][input][op]`, defined for the separable ops. */
  readonly ops: (StackedSepConv | undefined)[][][][];
  /** One [1, 1, C, C] block of the output projection per graph node. */
  readonly outputBlocks: tf.Variable<tf.Rank.R4>[];
  readonly outputBn: BatchNorm;
}

const BRANCHES = ['x', 'y'] as const;

class MicroSupernet extends ImageNetworkBase<MicroArc> implements ImageSupernet<MicroArc> {
  private readonly stem: ConvBn;
  private readonly cells: SearchCell[];
  private readonly head: ClassifierHead;

  constructor(
    private readonly spaceConfig: MicroSpaceConfig,
    private readonly child: MicroChildConfig,
    input: ImageInput,
    prng: Prng,
  ) {
    super('micro', 'micro-supernet', input, child, prng, 'batch');
    const isReduction = microReductionCells(child.numLayers, child.reductionLayers, input);
    let channels = child.outFilters;
    this.stem = new ConvBn(this.store, 'stem', 3, input.channels, 3 * channels, { preRelu: false, movingBatchNorm: false });
    const stemShape: FeatureShape = { height: input.height, width: input.width, channels: 3 * channels };
    let previous: [FeatureShape, FeatureShape] = [stemShape, stemShape];
    this.cells = isReduction.map((reduction, c) => {
      const name = `cell${c}`;
      let reduce: FactorizedReduction | undefined;
      if (reduction) {
        channels *= 2;
        const [, last] = previous;
        reduce = new FactorizedReduction(this.store, `${name}/reduce`, last.channels, channels, {
          preRelu: false,
          movingBatchNorm: false,
        });
        previous = [last, { height: last.height / 2, width: last.width / 2, channels }];
      }
      const cell = this.createCell(name, reduction, reduce, previous, channels);
      previous = [previous[1], { ...previous[1], channels }];
      return cell;
    });
    this.head = new ClassifierHead(this.store, channels, input.numClasses);
  }

  private createCell(
    name: string,
    reduction: boolean,
    reduce: FactorizedReduction | undefined,
    inputs: [FeatureShape, FeatureShape],
    channels: number,
  ): SearchCell {
    const calibration = new Calibration(this.store, `${name}/calibrate`, inputs, channels, false);
    const { numNodes, numBranches } = this.spaceConfig;
    const ops = Array.from({ length: numNodes }, (_, k) =>
      BRANCHES.map((branch) =>
        Array.from({ length: k + 2 }, (_, from) =>
          Array.from({ length: numBranches }, (_, op) =>
            isSepOp(op)
              ? new StackedSepConv(
                  this.store,
                  `${name}/node${k + 2}/${branch}/from${from}/sep${SEP_KERNEL[op]}x${SEP_KERNEL[op]}`,
                  SEP_KERNEL[op],
                  channels,
                  1,
                  false,
                )
              : undefined,
          ),
        ),
      ),
    );
    const outputBlocks = Array.from({ length: numNodes + 2 }, (_, i) =>
      this.store.add<tf.Rank.R4>(`${name}/output/from${i}/w`, [1, 1, channels, channels], {
        kind: 'he-normal',
        fanIn: channels,
      }),
    );
    const outputBn = new BatchNorm(this.store, `${name}/output/bn`, channels, false);
    return { reduction, reduce, calibration, ops, outputBlocks, outputBn };
  }

  forward(images: tf.Tensor4D, arc: MicroArc, options: { training: boolean; progress?: number }): tf.Tensor2D {
    this.checkArc(arc);
    return this.forwardArc(images, arc, options.training, options.progress);
  }

  trainStep(batch: ImageBatch, arc: MicroArc, options: TrainOptions): Promise<ImageTrainMetrics> {
    this.checkArc(arc);
    return this.trainArc(batch, arc, options);
  }

  evaluate(batch: ImageBatch, arc: MicroArc): Promise<ImageEvalMetrics> {
    this.checkArc(arc);
    return this.evaluateArc(batch, arc);
  }

  usedWeightNames(arc: MicroArc): string[] {
    this.checkArc(arc);
    return this.usedNames(arc);
  }

  paramCount(arc: MicroArc): number {
    this.checkArc(arc);
    return this.countParams(arc);
  }

  protected logits(images: tf.Tensor4D, arc: MicroArc, ctx: ForwardContext): tf.Tensor2D {
    const stem = this.stem.apply(images, ctx);
    let previous: [tf.Tensor4D, tf.Tensor4D] = [stem, stem];
    this.cells.forEach((cell, c) => {
      if (cell.reduce !== undefined) previous = [previous[1], cell.reduce.apply(previous[1], ctx)];
      const out = this.applyCell(cell, c, cell.reduction ? arc.reduction : arc.normal, previous, ctx);
      previous = [previous[1], out];
    });
    return this.head.apply(tf.relu(previous[1]), this.child.keepProb, ctx);
  }

  private applyCell(
    cell: SearchCell,
    index: number,
    cellArc: MicroCell,
    inputs: [tf.Tensor4D, tf.Tensor4D],
    ctx: ForwardContext,
  ): tf.Tensor4D {
    const states: tf.Tensor4D[] = cell.calibration.apply(inputs[0], inputs[1], ctx);
    const depth = (index + 1) / this.cells.length;
    cellArc.nodes.forEach((node, k) => {
      const branches = node.inputs.map((from, b) => {
        const op = node.ops[b] as number;
        const x = states[from] as tf.Tensor4D;
        if (op === 4) return x;
        const y = isSepOp(op) ? this.sepOp(cell, k, b, from, op).apply(x, ctx) : poolOp(op as 2 | 3, x, 1);
        const keep = this.child.dropPathKeepProb;
        return ctx.training && keep < 1 ? dropPath(y, keep, depth, ctx.progress, ctx.prng) : y;
      });
      states.push(addAll(branches));
    });
    const loose = looseEnds(cellArc);
    const concatenated = tf.concat(
      loose.map((i) => states[i] as tf.Tensor4D),
      3,
    );
    const kernel = tf.concat(
      loose.map((i) => cell.outputBlocks[i] as tf.Tensor4D),
      2,
    );
    return cell.outputBn.apply(tf.conv2d(tf.relu(concatenated), kernel, 1, 'same'), ctx) as tf.Tensor4D;
  }

  private sepOp(cell: SearchCell, node: number, branch: number, from: number, op: number): StackedSepConv {
    const weights = cell.ops[node]?.[branch]?.[from]?.[op];
    if (weights === undefined) {
      throw new EnasError(
        'INTERNAL',
        `micro supernet has no weights for node ${node + 2}, branch ${branch}, input ${from}, op ${op}`,
      );
    }
    return weights;
  }

  protected usedTrainable(arc: MicroArc): tf.Variable[] {
    const used: tf.Variable[] = [...this.stem.trainable];
    this.cells.forEach((cell) => {
      const cellArc = cell.reduction ? arc.reduction : arc.normal;
      used.push(...(cell.reduce?.trainable ?? []), ...cell.calibration.trainable);
      cellArc.nodes.forEach((node, k) =>
        node.inputs.forEach((from, b) => {
          const op = node.ops[b] as number;
          if (isSepOp(op)) used.push(...this.sepOp(cell, k, b, from, op).trainable);
        }),
      );
      used.push(...looseEnds(cellArc).map((i) => cell.outputBlocks[i] as tf.Variable), ...cell.outputBn.trainable);
    });
    used.push(...this.head.trainable);
    return used;
  }

  private checkArc(arc: MicroArc): void {
    checkMicroArc(arc, this.spaceConfig.numNodes, this.spaceConfig.numBranches);
  }
}

/** A micro supernet with every weight created (and initialised from `prng`) up front. */
export function createMicroSupernet(options: MicroSupernetOptions): ImageSupernet<MicroArc> {
  const space = parseChildConfig(microSpaceSchema, options.space, 'micro search space');
  const child = parseChildConfig(microChildSchema, options.child, 'micro child');
  return new MicroSupernet(space, child, options.input, options.prng);
}
