/**
 * What the image networks (micro and macro, supernet and fixed) share: the weight store and optimizer,
 * batch checks, the classifier head, and training and evaluation of "the network as architecture `arc`
 * builds it". A supernet passes the sampled arc; a fixed network always passes its own.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SpaceName } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import type { Prng } from '../random/prng';
import type { ForwardContext } from './layers/forward-context';
import { dropout } from './layers/dropout';
import { ParamStore } from './layers/param-store';
import type { WeightSnapshot } from './layers/param-store';
import { SgdMomentum } from './optim/sgd-momentum';
import type { ImageBatch, ImageEvalMetrics, ImageTrainMetrics, TrainOptions } from './supernet';
import { runTrainStep } from './train-step';

/** Shape of the images a network takes, and how many classes it tells apart. */
export interface ImageInput {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
}

/** The training hyperparameters every image child config carries. */
interface ImageTraining {
  readonly keepProb: number;
  readonly l2Reg: number;
  readonly gradBound: number | null;
  readonly momentum: number;
  readonly useNesterov: boolean;
}

/** Global average pooling → dropout → dense, the head of every official image child (no bias, as there). */
export class ClassifierHead {
  private readonly weight: tf.Variable<tf.Rank.R2>;

  constructor(store: ParamStore, channels: number, numClasses: number) {
    this.weight = store.add('fc/w', [channels, numClasses], { kind: 'he-normal', fanIn: channels });
  }

  get trainable(): tf.Variable[] {
    return [this.weight];
  }

  apply(x: tf.Tensor4D, keepProb: number, ctx: ForwardContext): tf.Tensor2D {
    let pooled: tf.Tensor2D = tf.mean(x, [1, 2]);
    if (ctx.training) pooled = dropout(pooled, keepProb, pooled.shape, ctx.prng);
    return tf.matMul(pooled, this.weight);
  }
}

export abstract class ImageNetworkBase<A> {
  readonly optimizer: SgdMomentum;
  protected readonly store: ParamStore;

  protected constructor(
    readonly space: SpaceName,
    scope: string,
    protected readonly input: ImageInput,
    protected readonly training: ImageTraining,
    protected readonly prng: Prng,
    private readonly batchNorm: ForwardContext['batchNorm'],
  ) {
    for (const [key, value] of Object.entries(input)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new EnasError('CHILD_BAD_CONFIG', `${scope}: input ${key} must be a positive integer, got ${value}`);
      }
    }
    if (input.numClasses < 2) {
      throw new EnasError('CHILD_BAD_CONFIG', `${scope}: numClasses must be at least 2, got ${input.numClasses}`);
    }
    this.store = new ParamStore(scope, prng);
    this.optimizer = new SgdMomentum({ momentum: training.momentum, useNesterov: training.useNesterov });
  }

  /** Logits of the network as `arc` builds it. */
  protected abstract logits(images: tf.Tensor4D, arc: A, ctx: ForwardContext): tf.Tensor2D;

  /** The trainable weights `arc` uses, each once. */
  protected abstract usedTrainable(arc: A): tf.Variable[];

  get variables(): ReadonlyMap<string, tf.Variable> {
    return this.store.variables;
  }

  protected forwardArc(images: tf.Tensor4D, arc: A, training: boolean, progress = 1): tf.Tensor2D {
    this.checkImages(images);
    return tf.tidy(() => this.logits(images, arc, this.context(training, progress)));
  }

  protected async trainArc(batch: ImageBatch, arc: A, options: TrainOptions): Promise<ImageTrainMetrics> {
    const size = this.checkBatch(batch);
    const ctx = this.context(true, options.progress ?? 1);
    const weights = this.usedTrainable(arc);
    const result = await runTrainStep({
      weights,
      nameOf: (v) => this.store.nameOf(v),
      loss: () => {
        const logits = this.logits(batch.images, arc, ctx);
        return { loss: crossEntropy(logits, batch.labels), report: [correctCount(logits, batch.labels)] };
      },
      l2Reg: this.training.l2Reg,
      gradBound: this.training.gradBound,
      optimizer: this.optimizer,
      learningRate: options.learningRate,
    });
    return {
      loss: result.objective,
      crossEntropy: result.dataLoss,
      accuracy: (result.report[0] ?? NaN) / size,
      gradNorm: result.gradNorm,
    };
  }

  protected async evaluateArc(batch: ImageBatch, arc: A): Promise<ImageEvalMetrics> {
    const size = this.checkBatch(batch);
    const summary = tf.tidy(() => {
      const logits = this.logits(batch.images, arc, this.context(false, 1));
      return tf.stack([crossEntropy(logits, batch.labels), correctCount(logits, batch.labels)]);
    });
    const [ce, correct] = await summary.data();
    summary.dispose();
    return { crossEntropy: ce ?? NaN, accuracy: (correct ?? NaN) / size };
  }

  protected usedNames(arc: A): string[] {
    return this.usedTrainable(arc).map((v) => this.store.nameOf(v));
  }

  protected countParams(arc: A): number {
    return this.store.countParams(this.usedNames(arc));
  }

  getWeights(): Promise<WeightSnapshot> {
    return this.store.getWeights();
  }

  setWeights(weights: WeightSnapshot): void {
    this.store.setWeights(weights);
  }

  dispose(): void {
    this.optimizer.dispose();
    this.store.dispose();
  }

  private context(training: boolean, progress: number): ForwardContext {
    return { training, batchNorm: this.batchNorm, prng: this.prng, progress };
  }

  private checkImages(images: tf.Tensor): void {
    const { height, width, channels } = this.input;
    const [, h, w, c] = images.shape;
    if (images.rank !== 4 || h !== height || w !== width || c !== channels) {
      throw new EnasError(
        'CHILD_BAD_BATCH',
        `images must be [batch, ${height}, ${width}, ${channels}] (NHWC), got [${images.shape.join(', ')}]`,
      );
    }
  }

  private checkBatch(batch: ImageBatch): number {
    this.checkImages(batch.images);
    const size = batch.images.shape[0];
    if (batch.labels.rank !== 1 || batch.labels.shape[0] !== size || batch.labels.dtype !== 'int32') {
      throw new EnasError(
        'CHILD_BAD_BATCH',
        `labels must be int32 [${size}] to match ${size} images, ` +
          `got ${batch.labels.dtype} [${batch.labels.shape.join(', ')}]`,
      );
    }
    return size;
  }
}

/** Mean softmax cross-entropy of int32 labels. */
function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const logProbs = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(labels, logits.shape[1])), 1);
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}

function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
}
