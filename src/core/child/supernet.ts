/**
 * The contracts of the child side (docs/architecture.md §1): a weight-shared supernet per search space, whose weights
 * are created once and reused by every sampled child architecture, and a fixed network built for one
 * architecture to retrain from scratch. Strategies and the trainer depend on these interfaces only.
 *
 * The learning rate is an argument of every training step, not state: the schedule is a pure function of
 * the step (optim/cosine-schedule.ts), so a resumed run computes the same rate from its step counter.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { SpaceName } from '../../shared/config/space';
import type { WeightSnapshot } from './layers/param-store';
import type { SgdMomentum } from './optim/sgd-momentum';

export type { NamedArray, WeightSnapshot } from './layers/param-store';

/** Labelled images: NHWC float32 pixels and int32 class indices; the caller owns and disposes both. */
export interface ImageBatch {
  readonly images: tf.Tensor4D;
  readonly labels: tf.Tensor1D;
}

/**
 * Token sequences for language modelling, row-major [batchSize, steps]: `targets[b, t]` is the token after
 * `inputs[b, t]`. Consecutive batches continue the same rows (the hidden state is carried across them).
 */
export interface TokenBatch {
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
  readonly batchSize: number;
  readonly steps: number;
}

export interface TrainOptions {
  readonly learningRate: number;
  /** Fraction of training done, (step + 1) / total steps, in [0, 1]; drives drop-path. Default 1. */
  readonly progress?: number;
}

export interface ImageTrainMetrics {
  /** The minimised objective: mean cross-entropy + L2 penalty. */
  readonly loss: number;
  readonly crossEntropy: number;
  /** Fraction of the batch classified correctly, before the update. */
  readonly accuracy: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
}

export interface ImageEvalMetrics {
  readonly crossEntropy: number;
  readonly accuracy: number;
}

export interface LmTrainMetrics {
  /** The minimised objective: mean cross-entropy per token + L2 penalty, averaged over the BPTT chunks. */
  readonly loss: number;
  readonly crossEntropy: number;
  /** exp(mean cross-entropy per token). */
  readonly perplexity: number;
  readonly gradNorm: number;
}

export interface LmEvalMetrics {
  readonly crossEntropy: number;
  readonly perplexity: number;
}

/** What every child network has, weight-shared or fixed. */
export interface ChildWeights {
  readonly space: SpaceName;
  /** Every weight by stable name (trainable ones and batch-norm moving averages). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  /** The keyed optimizer; its state belongs in a checkpoint next to the weights. */
  readonly optimizer: SgdMomentum;
  /** Copies of every weight, by stable name, for a checkpoint. */
  getWeights(): Promise<WeightSnapshot>;
  /** Load a checkpoint's weights; refused (CHILD_BAD_WEIGHTS) unless names and shapes match exactly. */
  setWeights(weights: WeightSnapshot): void;
  /** Free every tensor: weights and optimizer state. */
  dispose(): void;
}

/**
 * A weight-shared supernet over architectures `A`: every method takes the child to run. Weights a child does
 * not use get no gradient, no L2 decay and no optimizer update.
 */
export interface Supernet<A, B, TM, EM> extends ChildWeights {
  /** One SGD step on the child `arc`. */
  trainStep(batch: B, arc: A, options: TrainOptions): Promise<TM>;
  /** Metrics of the child `arc` on a batch, without training. */
  evaluate(batch: B, arc: A): Promise<EM>;
  /** Stable names of the trainable weights the child `arc` uses. */
  usedWeightNames(arc: A): string[];
  /** Number of trainable parameters the child `arc` actually uses. */
  paramCount(arc: A): number;
}

export interface ImageSupernet<A> extends Supernet<A, ImageBatch, ImageTrainMetrics, ImageEvalMetrics> {
  /**
   * Logits [batch, numClasses] of the child `arc`; `training` turns on dropout (and drop-path, scheduled by
   * `progress`, default 1). The caller disposes them.
   */
  forward(images: tf.Tensor4D, arc: A, options: { training: boolean; progress?: number }): tf.Tensor2D;
}

/** Which carried hidden state of a language model: training and evaluation each carry their own. */
export type RnnStateKind = 'train' | 'eval';

/**
 * A weight-shared language model. The hidden state is carried from batch to batch (detached), so consecutive
 * batches must continue the same rows; `resetState` starts afresh (a new epoch or evaluation pass).
 */
export interface LanguageModelSupernet<A> extends Supernet<A, TokenBatch, LmTrainMetrics, LmEvalMetrics> {
  /** Zero a carried hidden state, both when `which` is not given. */
  resetState(which?: RnnStateKind): void;
}

/** A network built for one architecture; it holds no weights that architecture does not use. */
export interface FixedNetwork<B, TM, EM> extends ChildWeights {
  trainStep(batch: B, options: TrainOptions): Promise<TM>;
  evaluate(batch: B): Promise<EM>;
  /** Number of trainable parameters. */
  paramCount(): number;
}

export interface FixedImageNetwork extends FixedNetwork<ImageBatch, ImageTrainMetrics, ImageEvalMetrics> {
  /** Logits [batch, numClasses]; `training` turns on dropout, drop-path and batch statistics. */
  forward(images: tf.Tensor4D, options: { training: boolean; progress?: number }): tf.Tensor2D;
}

/** A fixed language model, carrying its hidden state as the supernet does. */
export interface FixedLanguageModel extends FixedNetwork<TokenBatch, LmTrainMetrics, LmEvalMetrics> {
  resetState(which?: RnnStateKind): void;
}
