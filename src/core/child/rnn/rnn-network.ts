/**
 * The ENAS language model (official ptb_enas_child.py): embedding → the searched recurrent cell, one step
 * per token → output dropout → softmax whose weights are the embedding's (weight tying, Inan et al. 2017;
 * Press & Wolf 2017). As a weight-shared supernet it holds the cell weights of every architecture; as a fixed
 * network only those of one.
 *
 * Training is truncated back-propagation through time: a batch is cut into chunks of bpttSteps steps, one
 * update each, and the hidden state is carried from chunk to chunk and from batch to batch, detached from
 * the gradient (the official `start_h` variables, assigned `stop_gradient(next_h)` after every batch).
 * Training and evaluation carry separate states. The loss is the mean cross-entropy per token.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RnnChildConfig } from '../../../shared/config/child';
import type { RnnSpaceConfig } from '../../../shared/config/space';
import { EnasError } from '../../../shared/errors';
import type { Prng } from '../../random/prng';
import type { RnnArc } from '../../spaces';
import { dropoutMaskValues } from '../layers/dropout';
import { ParamStore } from '../layers/param-store';
import type { WeightSnapshot } from '../layers/param-store';
import { SgdMomentum } from '../optim/sgd-momentum';
import type {
  LanguageModelSupernet,
  LmEvalMetrics,
  LmTrainMetrics,
  RnnStateKind,
  TokenBatch,
  TrainOptions,
} from '../supernet';
import { runTrainStep } from '../train-step';
import { embeddingDropoutMask } from './embedding-dropout';
import { RnnCell, checkRnnArc } from './rnn-cell';

/** `fixed`: build the cell weights of this architecture only. */
type RnnBuild = { readonly kind: 'supernet' } | { readonly kind: 'fixed'; readonly arc: RnnArc };

/** Official init range (`_build_params`): narrower for wider cells. */
function initRange(hidden: number): number {
  return hidden <= 300 ? 0.1 : hidden <= 400 ? 0.05 : 0.04;
}

export class RnnNetwork implements LanguageModelSupernet<RnnArc> {
  readonly space = 'rnn' as const;
  readonly optimizer: SgdMomentum;
  private readonly store: ParamStore;
  private readonly embedding: tf.Variable<tf.Rank.R2>;
  private readonly cell: RnnCell;
  private readonly states = new Map<RnnStateKind, tf.Tensor2D>();

  constructor(
    build: RnnBuild,
    private readonly spaceConfig: RnnSpaceConfig,
    private readonly child: RnnChildConfig,
    private readonly vocabSize: number,
    private readonly prng: Prng,
  ) {
    if (!Number.isInteger(vocabSize) || vocabSize < 2) {
      throw new EnasError('CHILD_BAD_CONFIG', `rnn vocabSize must be an integer ≥ 2, got ${vocabSize}`);
    }
    const hidden = child.hiddenSize;
    const range = initRange(hidden);
    this.store = new ParamStore(build.kind === 'fixed' ? 'rnn-fixed' : 'rnn-supernet', prng);
    this.embedding = this.store.add('embedding/w', [vocabSize, hidden], { kind: 'uniform', range });
    const only = build.kind === 'fixed' ? build.arc : undefined;
    this.cell = new RnnCell(this.store, hidden, spaceConfig.numNodes, spaceConfig.numActivations, range, only);
    this.optimizer = new SgdMomentum({ momentum: child.momentum, useNesterov: child.useNesterov });
  }

  get variables(): ReadonlyMap<string, tf.Variable> {
    return this.store.variables;
  }

  /** Zero a carried hidden state (both when `which` is not given), e.g. at the start of an epoch. */
  resetState(which?: RnnStateKind): void {
    for (const kind of which === undefined ? (['train', 'eval'] as const) : [which]) {
      this.states.get(kind)?.dispose();
      this.states.delete(kind);
    }
  }

  async trainStep(batch: TokenBatch, arc: RnnArc, options: TrainOptions): Promise<LmTrainMetrics> {
    this.checkBatch(batch);
    const weights = this.usedTrainable(arc);
    let objective = 0;
    let crossEntropy = 0;
    let gradNorm = 0;
    const chunks = this.chunks(batch);
    for (const chunk of chunks) {
      const start = this.state('train', batch.batchSize);
      // Set inside the gradient function, which tfjs runs synchronously.
      const kept: { last?: tf.Tensor2D } = {};
      try {
        const result = await runTrainStep({
          weights,
          nameOf: (v) => this.store.nameOf(v),
          loss: () => {
            const out = this.sequenceLoss(chunk, start, arc, true);
            kept.last = tf.keep(out.last);
            return { loss: out.loss, report: [] };
          },
          l2Reg: this.child.l2Reg,
          gradBound: this.child.gradBound,
          optimizer: this.optimizer,
          learningRate: options.learningRate,
        });
        objective += result.objective * chunk.steps;
        crossEntropy += result.dataLoss * chunk.steps;
        gradNorm += result.gradNorm;
      } catch (err) {
        kept.last?.dispose();
        throw err;
      }
      this.carry('train', kept.last);
    }
    return {
      loss: objective / batch.steps,
      crossEntropy: crossEntropy / batch.steps,
      perplexity: Math.exp(crossEntropy / batch.steps),
      gradNorm: gradNorm / chunks.length,
    };
  }

  async evaluate(batch: TokenBatch, arc: RnnArc): Promise<LmEvalMetrics> {
    this.checkBatch(batch);
    checkRnnArc(arc, this.spaceConfig.numNodes, this.spaceConfig.numActivations);
    let total = 0;
    for (const chunk of this.chunks(batch)) {
      const start = this.state('eval', batch.batchSize);
      const { loss, last } = tf.tidy(() => this.sequenceLoss(chunk, start, arc, false));
      this.carry('eval', last);
      total += ((await loss.data())[0] ?? NaN) * chunk.steps;
      loss.dispose();
    }
    const crossEntropy = total / batch.steps;
    return { crossEntropy, perplexity: Math.exp(crossEntropy) };
  }

  usedWeightNames(arc: RnnArc): string[] {
    return this.usedTrainable(arc).map((v) => this.store.nameOf(v));
  }

  paramCount(arc: RnnArc): number {
    return this.store.countParams(this.usedWeightNames(arc));
  }

  getWeights(): Promise<WeightSnapshot> {
    return this.store.getWeights();
  }

  setWeights(weights: WeightSnapshot): void {
    this.store.setWeights(weights);
  }

  dispose(): void {
    this.resetState();
    this.optimizer.dispose();
    this.store.dispose();
  }

  private usedTrainable(arc: RnnArc): tf.Variable[] {
    checkRnnArc(arc, this.spaceConfig.numNodes, this.spaceConfig.numActivations);
    return [this.embedding, ...this.cell.usedTrainable(arc)];
  }

  /** Mean cross-entropy per token of one chunk, and the hidden state after its last step. */
  private sequenceLoss(
    chunk: Chunk,
    start: tf.Tensor2D,
    arc: RnnArc,
    training: boolean,
  ): { loss: tf.Scalar; last: tf.Tensor2D } {
    const { batchSize, steps, inputs, targets } = chunk;
    const hidden = this.child.hiddenSize;
    const mask = (keep: number): tf.Tensor2D | undefined =>
      training && keep < 1
        ? tf.tensor2d(dropoutMaskValues(batchSize * hidden, keep, this.prng), [batchSize, hidden])
        : undefined;
    let embedded = tf.reshape(tf.gather(this.embedding, tf.tensor1d(inputs, 'int32')), [batchSize, steps, hidden]);
    if (training && this.child.embeddingKeepProb < 1) {
      const keep = embeddingDropoutMask(inputs, batchSize, steps, this.child.embeddingKeepProb, this.prng);
      embedded = tf.mul(embedded, tf.tensor3d(keep, [batchSize, steps, 1]));
    }
    const masks = { input: mask(this.child.inputKeepProb), state: mask(this.child.stateKeepProb) };
    const outputMask = mask(this.child.outputKeepProb);
    let h = start;
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const x = tf.reshape(tf.slice(embedded, [0, t, 0], [batchSize, 1, hidden]), [batchSize, hidden]) as tf.Tensor2D;
      h = this.cell.step(x, h, arc, masks);
      outputs.push(outputMask === undefined ? h : tf.mul(h, outputMask));
    }
    // Stacking on axis 1 gives [batch, steps, hidden]: row b·steps + t, the order of `targets`.
    const flat = tf.reshape(tf.stack(outputs, 1), [batchSize * steps, hidden]) as tf.Tensor2D;
    const logProbs = tf.logSoftmax(tf.matMul(flat, this.embedding, false, true));
    const picked = Int32Array.from(targets, (target, row) => row * this.vocabSize + target);
    const loss = tf.neg(tf.mean(tf.gather(tf.reshape(logProbs, [-1]), tf.tensor1d(picked, 'int32')))) as tf.Scalar;
    return { loss, last: h };
  }

  /** The carried state for `batchSize` rows; zeros if there is none or the batch size changed. */
  private state(kind: RnnStateKind, batchSize: number): tf.Tensor2D {
    const current = this.states.get(kind);
    if (current !== undefined && current.shape[0] === batchSize) return current;
    current?.dispose();
    const zeros = tf.zeros([batchSize, this.child.hiddenSize]) as tf.Tensor2D;
    this.states.set(kind, zeros);
    return zeros;
  }

  private carry(kind: RnnStateKind, last: tf.Tensor2D | undefined): void {
    if (last === undefined) throw new EnasError('INTERNAL', 'rnn step produced no hidden state');
    const previous = this.states.get(kind);
    if (previous !== last) previous?.dispose();
    this.states.set(kind, last);
  }

  private chunks(batch: TokenBatch): Chunk[] {
    const chunks: Chunk[] = [];
    const { batchSize, steps } = batch;
    for (let begin = 0; begin < steps; begin += this.child.bpttSteps) {
      const length = Math.min(this.child.bpttSteps, steps - begin);
      const inputs = new Int32Array(batchSize * length);
      const targets = new Int32Array(batchSize * length);
      for (let b = 0; b < batchSize; b++) {
        inputs.set(batch.inputs.subarray(b * steps + begin, b * steps + begin + length), b * length);
        targets.set(batch.targets.subarray(b * steps + begin, b * steps + begin + length), b * length);
      }
      chunks.push({ batchSize, steps: length, inputs, targets });
    }
    return chunks;
  }

  private checkBatch(batch: TokenBatch): void {
    const { batchSize, steps, inputs, targets } = batch;
    if (!Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(steps) || steps < 1) {
      throw new EnasError(
        'CHILD_BAD_BATCH',
        `token batch needs positive integer batchSize and steps, got ${batchSize} and ${steps}`,
      );
    }
    for (const [name, tokens] of [
      ['inputs', inputs],
      ['targets', targets],
    ] as const) {
      if (tokens.length !== batchSize * steps) {
        throw new EnasError(
          'CHILD_BAD_BATCH',
          `token batch ${name}: expected ${batchSize}×${steps} = ${batchSize * steps} tokens, got ${tokens.length}`,
        );
      }
      const bad = tokens.findIndex((t) => t < 0 || t >= this.vocabSize);
      if (bad >= 0) {
        throw new EnasError(
          'CHILD_BAD_BATCH',
          `token batch ${name}[${bad}] = ${tokens[bad]} is outside the vocabulary [0, ${this.vocabSize})`,
        );
      }
    }
  }
}

/** One BPTT chunk, row-major [batchSize, steps]. */
interface Chunk {
  readonly batchSize: number;
  readonly steps: number;
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
}
