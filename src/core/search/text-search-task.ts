/**
 * The search task of the recurrent space: a weight-shared language model trained with truncated BPTT on the
 * training corpus, children scored by validation perplexity, reward = rewardC / perplexity (the official PTB
 * controller's `controller_reward_c`, Pham et al. 2018 §2.2).
 *
 * Corpora are laid out as the PTB scripts do: the token stream cut into `batchSize` rows read in parallel,
 * windows of `bpttSteps` tokens taken left to right, the hidden state carried from one window to the next.
 * Scoring a child resets the evaluation state first, so every candidate starts from the same state.
 * A checkpoint holds weights, optimizer, generator and cursors but not the carried hidden state, which a
 * resumed run starts from zero (one window's worth of context, a negligible difference).
 */
import { createCostModel } from '../spaces/arch-cost';
import type { RnnChildConfig } from '../../shared/config/child';
import type { SearchSchedule } from '../../shared/config/run';
import type { RnnSpaceConfig } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import { createRnnSupernet } from '../child/rnn/create-rnn';
import type { WeightSnapshot } from '../child/supernet';
import { createPrng } from '../random/prng';
import { createSearchSpace } from '../spaces';
import { TokenRows } from './token-rows';
import type { ChildScore, SearchTask, SearchTaskState } from './search-task';
import { restoreChildWeights } from '../child/restore-weights';

export interface TextSearchTaskOptions {
  readonly space: RnnSpaceConfig;
  readonly child: RnnChildConfig;
  readonly schedule: SearchSchedule;
  readonly data: { readonly vocab: readonly string[]; readonly train: Int32Array; readonly valid: Int32Array };
  readonly seed: number;
}

export function createTextSearchTask(options: TextSearchTaskOptions): SearchTask {
  const { space: spaceConfig, child, schedule } = options;
  const space = createSearchSpace(spaceConfig);
  const prng = createPrng(options.seed * 8 + 1);
  const net = createRnnSupernet({ space: spaceConfig, child, vocabSize: options.data.vocab.length, prng });
  const train = new TokenRows(options.data.train, schedule.batchSize, child.bpttSteps, 'the training split');
  const valid = new TokenRows(options.data.valid, schedule.batchSize, child.bpttSteps, 'the validation split');
  let trainCursor = 0;
  let validCursor = 0;

  const perplexityOn = async (tokens: readonly number[], windows: number[]): Promise<ChildScore> => {
    const arc = space.decode(tokens);
    net.resetState('eval');
    let crossEntropy = 0;
    for (const w of windows) crossEntropy += (await net.evaluate(valid.window(w), arc)).crossEntropy;
    const perplexity = Math.exp(crossEntropy / windows.length);
    return { reward: schedule.rewardC / perplexity, validScore: perplexity };
  };
  const nextWindows = (n: number): number[] =>
    Array.from({ length: Math.min(n, valid.windows) }, () => {
      const w = validCursor;
      validCursor = (validCursor + 1) % valid.windows;
      return w;
    });

  return {
    batchesPerEpoch: train.windows,
    higherIsBetter: false,
    scoreName: 'perplexity',
    async trainStep(tokens, learningRate, progress) {
      if (trainCursor === 0) net.resetState('train');
      const batch = train.window(trainCursor);
      trainCursor = (trainCursor + 1) % train.windows;
      const m = await net.trainStep(batch, space.decode(tokens), { learningRate, progress });
      return {
        metrics: {
          'child/loss': m.loss,
          'child/cross-entropy': m.crossEntropy,
          'child/perplexity': m.perplexity,
          'child/grad-norm': m.gradNorm,
          'child/lr': learningRate,
        },
      };
    },
    reward: (tokens, size) => perplexityOn(tokens, nextWindows(size)),
    score: (tokens, size) => perplexityOn(tokens, Array.from({ length: Math.min(size, valid.windows) }, (_, i) => i)),
    paramCount: (tokens) => net.paramCount(space.decode(tokens)),
    costs: createCostModel({ space: spaceConfig, child, vocabSize: options.data.vocab.length }),
    async getState(): Promise<SearchTaskState> {
      return {
        weights: await net.getWeights(),
        optimizer: await net.optimizer.getState(),
        prngs: { weights: prng.state() },
        orders: {},
        extra: { trainCursor, validCursor },
      };
    },
    setState(state) {
      restoreChildWeights(net, state.weights, state.optimizer as WeightSnapshot);
      const weights = state.prngs.weights;
      const extra = state.extra as { trainCursor?: unknown; validCursor?: unknown } | null;
      if (!weights || typeof extra?.trainCursor !== 'number' || typeof extra.validCursor !== 'number') {
        throw new EnasError('CHECKPOINT_INVALID', 'checkpoint lacks the language model generator or cursors');
      }
      prng.setState(weights);
      trainCursor = extra.trainCursor % train.windows;
      validCursor = extra.validCursor % valid.windows;
      net.resetState();
    },
    dispose: () => net.dispose(),
  };
}
