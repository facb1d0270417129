/**
 * Retraining a derived recurrent cell from scratch (Pham et al. 2018, §3.1; official ptb_enas_child.py with
 * a `fixed_arc`): a language model holding only that cell's weights, usually wider than during the search,
 * trained with truncated BPTT on the training corpus, its validation perplexity reported every epoch and
 * its test perplexity at the end, beside the unigram baseline of the test split.
 *
 * The corpus is read as in the search: `batchSize` rows in parallel, windows of `bpttSteps` tokens left to
 * right, the hidden state carried from window to window (and reset at each epoch). Validation and test are
 * read the same way with their own carried state. The official final script scores the test split with
 * batch 1 and one token per step; reading it in rows gives the same kind of number, with each row's first
 * tokens predicted from less context. A checkpoint holds weights, optimizer, generator and position but not
 * the carried state, which a resumed run restarts from zero (as a resumed search does).
 */
import type { RnnChildConfig } from '../../shared/config/child';
import type { RnnSpaceConfig } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import { cosineLearningRate } from '../child/optim/cosine-schedule';
import { createFixedRnnNetwork } from '../child/rnn/create-rnn';
import type { FixedLanguageModel, WeightSnapshot } from '../child/supernet';
import { createPrng } from '../random/prng';
import type { PrngState } from '../random/prng';
import { createSearchSpace } from '../spaces';
import type { RnnArc } from '../spaces';
import { retrainPace } from './retrain-run';
import type { RetrainOutcome, RetrainRun } from './retrain-run';
import { TokenRows } from './token-rows';
import { unigramPerplexity } from './unigram-baseline';
import { restoreChildWeights } from '../child/restore-weights';
import { RETRAIN_TEST_SERIES } from '../../shared/run';

export interface TextRetrainState {
  readonly epoch: number;
  readonly step: number;
  readonly weights: WeightSnapshot;
  readonly optimizer: WeightSnapshot;
  readonly prngs: Record<'weights', PrngState>;
}

export interface RetrainTextArgs extends RetrainRun<TextRetrainState> {
  readonly space: RnnSpaceConfig;
  readonly child: RnnChildConfig;
  readonly arc: string;
  readonly vocabSize: number;
  readonly train: Int32Array;
  readonly valid: Int32Array;
  readonly test: Int32Array;
}

export async function retrainText(args: RetrainTextArgs): Promise<RetrainOutcome> {
  const { child, batchSize } = args;
  const train = new TokenRows(args.train, batchSize, child.bpttSteps, 'the training split');
  const valid = new TokenRows(args.valid, batchSize, child.bpttSteps, 'the validation split');
  const test = new TokenRows(args.test, batchSize, child.bpttSteps, 'the test split');
  const prng = createPrng(args.seed * 8 + 5);
  const arc = createSearchSpace(args.space).parse(args.arc) as RnnArc;
  const net = createFixedRnnNetwork({ space: args.space, child, vocabSize: args.vocabSize, prng, arc });
  try {
    const stepsPerEpoch = train.windows;
    let epoch = 0;
    let step = 0;
    if (args.resume) {
      restoreChildWeights(net, args.resume.weights, args.resume.optimizer);
      prng.setState(args.resume.prngs.weights);
      ({ epoch, step } = args.resume);
    }
    const total = args.epochs * stepsPerEpoch;
    const pace = retrainPace(args.clock, step, total);
    const snapshot = async (): Promise<void> =>
      args.checkpoint({
        epoch,
        step,
        weights: await net.getWeights(),
        optimizer: await net.optimizer.getState(),
        prngs: { weights: prng.state() },
      });
    for (; epoch < args.epochs; ) {
      const first = step - epoch * stepsPerEpoch;
      if (first === 0) net.resetState('train');
      for (let w = first; w < stepsPerEpoch; w++) {
        await args.beforeBatch?.();
        if (args.signal.aborted) {
          await snapshot();
          return { stopped: true, results: {} };
        }
        const lr = cosineLearningRate(child, epoch + w / stepsPerEpoch);
        const m = await net.trainStep(train.window(w), { learningRate: lr, progress: (step + 1) / total });
        if (!Number.isFinite(m.loss)) {
          throw new EnasError('SEARCH_DIVERGED', `retrain loss became ${m.loss} at step ${step} (learning rate ${lr.toPrecision(3)}); lower lrMax or gradBound`);
        }
        const metrics = { 'retrain/loss': m.loss, 'retrain/perplexity': m.perplexity, 'retrain/grad-norm': m.gradNorm, 'retrain/lr': lr };
        // A finite loss spike may overflow the perplexity (e^loss); that step reports the rest.
        args.emit({ type: 'step-metrics', step, epoch, metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))) });
        step += 1;
        args.emit({ type: 'progress', stage: 'retrain', epoch, epochs: args.epochs, done: w + 1, total: stepsPerEpoch, etaS: pace.etaS(step) });
      }
      const validPerplexity = await perplexityOf(net, valid);
      epoch += 1;
      args.emit({
        type: 'epoch-ended',
        epoch: epoch - 1,
        step,
        epochs: args.epochs,
        elapsedS: pace.elapsedS(),
        etaS: pace.etaS(step),
        metrics: Number.isFinite(validPerplexity) ? { 'retrain/valid-perplexity': validPerplexity } : {},
      });
      await snapshot();
    }
    const results: Record<string, number> = { 'retrain/param-count': net.paramCount() };
    const testPerplexity = await perplexityOf(net, test);
    const validPerplexity = await perplexityOf(net, valid);
    // An overflowed perplexity is left out rather than sent as a number no one can plot.
    if (Number.isFinite(testPerplexity)) results[RETRAIN_TEST_SERIES.perplexity] = testPerplexity;
    if (Number.isFinite(validPerplexity)) results['retrain/valid-perplexity'] = validPerplexity;
    // What the numbers above are worth: a model blind to word order scores about this.
    results['retrain/unigram-test-perplexity'] = unigramPerplexity(args.train, args.test, args.vocabSize);
    return { stopped: false, results };
  } finally {
    net.dispose();
  }
}

/** Perplexity of the whole split, read from a zero state: exp of the mean cross-entropy per token. */
async function perplexityOf(net: FixedLanguageModel, rows: TokenRows): Promise<number> {
  net.resetState('eval');
  let crossEntropy = 0;
  for (let w = 0; w < rows.windows; w++) crossEntropy += (await net.evaluate(rows.window(w))).crossEntropy;
  return Math.exp(crossEntropy / rows.windows);
}
