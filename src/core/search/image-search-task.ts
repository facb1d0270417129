/**
 * The search task of the image spaces (micro, macro, nb201): a weight-shared supernet trained on the training
 * split, children scored by accuracy on the validation split (the ENAS reward, Pham et al. 2018 §2.2).
 */
import { createCostModel } from '../spaces/arch-cost';
import type { CostContext } from '../spaces/arch-cost';
import { EnasError } from '../../shared/errors';
import { createMacroSupernet } from '../child/macro/create-macro';
import { createMicroSupernet } from '../child/micro/micro-supernet';
import { createNb201Supernet } from '../child/nb201/create-nb201';
import type { ChildWeights, ImageBatch, ImageEvalMetrics, ImageSupernet, ImageTrainMetrics, WeightSnapshot } from '../child/supernet';
import type { ImageInput } from '../child/image-network';
import { createPrng } from '../random/prng';
import type { Prng } from '../random/prng';
import { createSearchSpace } from '../spaces';
import type { MacroArc, MicroArc, Nb201Arc } from '../spaces';
import type { SearchSpace } from '../spaces/search-space';
import { EpochOrder } from './epoch-order';
import type { ImageSpaceSetup } from './image-setup';
import { accuracyOn } from './evaluate-split';
import { measureImageLatency } from './image-latency';
import { channelStatistics, checkImageSplit, makeImageBatch } from './image-split';
import type { BatchOptions, ImageSplit, Normalisation } from './image-split';
import type { ChildScore, SearchTask, SearchTaskState } from './search-task';
import { restoreChildWeights } from '../child/restore-weights';


export interface ImageSearchTaskOptions {
  readonly setup: ImageSpaceSetup;
  readonly train: ImageSplit;
  readonly valid: ImageSplit;
  readonly numClasses: number;
  readonly batchSize: number;
  readonly augment: BatchOptions;
  readonly seed: number;
  /** A monotonic clock in ms, for latency measurements; without one the task measures no latency. */
  readonly clock?: () => number;
}

/** Seeds of the task's generators, derived from the run seed so that each stream is independent. */
const STREAMS = { weights: 1, trainOrder: 2, validOrder: 3, augment: 4 } as const;

export function createImageSearchTask(options: ImageSearchTaskOptions): SearchTask {
  const { setup, train, valid, batchSize } = options;
  checkImageSplit(train, 'training split');
  checkImageSplit(valid, 'validation split');
  if (valid.count === 0 || train.count === 0) {
    throw new EnasError('SEARCH_BAD_DATA', `a search needs training and validation images, got ${train.count} and ${valid.count}`);
  }
  const input = { height: train.height, width: train.width, channels: train.channels, numClasses: options.numClasses };
  const prngs = {
    weights: createPrng(options.seed * 8 + STREAMS.weights),
    trainOrder: createPrng(options.seed * 8 + STREAMS.trainOrder),
    validOrder: createPrng(options.seed * 8 + STREAMS.validOrder),
    augment: createPrng(options.seed * 8 + STREAMS.augment),
  };
  const bound = bindSpace(setup, input, prngs.weights);
  const norm: Normalisation = channelStatistics(train);
  const trainOrder = new EpochOrder(train.count, prngs.trainOrder);
  const validOrder = new EpochOrder(valid.count, prngs.validOrder);

  const evaluate = async (tokens: readonly number[], indices: number[]): Promise<ChildScore> => {
    const accuracy = await accuracyOn(valid, indices, norm, (batch) => bound.evaluate(batch, tokens));
    return { reward: accuracy, validScore: accuracy };
  };

  return {
    batchesPerEpoch: Math.max(1, Math.floor(train.count / batchSize)),
    higherIsBetter: true,
    scoreName: 'accuracy',
    async trainStep(tokens, learningRate, progress) {
      const batch = makeImageBatch(train, trainOrder.take(batchSize), norm, options.augment, prngs.augment);
      try {
        const m = await bound.trainStep(batch, tokens, learningRate, progress);
        return {
          metrics: {
            'child/loss': m.loss,
            'child/cross-entropy': m.crossEntropy,
            'child/accuracy': m.accuracy,
            'child/grad-norm': m.gradNorm,
            'child/lr': learningRate,
          },
        };
      } finally {
        batch.images.dispose();
        batch.labels.dispose();
      }
    },
    reward: (tokens, size) => evaluate(tokens, validOrder.take(Math.min(size, valid.count))),
    // The first `size` validation images: every candidate is judged on the same ones.
    score: (tokens, size) => evaluate(tokens, Array.from({ length: Math.min(size, valid.count) }, (_, i) => i)),
    paramCount: (tokens) => bound.paramCount(tokens),
    costs: createCostModel({ ...setup, input } as CostContext),
    ...(options.clock === undefined ? {} : { latency: (tokens: readonly number[], repeats: number) => measureImageLatency(setup, input, tokens, repeats, options.clock!) }),
    async getState(): Promise<SearchTaskState> {
      return {
        weights: await bound.net.getWeights(),
        optimizer: await bound.net.optimizer.getState(),
        prngs: { weights: prngs.weights.state(), augment: prngs.augment.state() },
        orders: { train: trainOrder.getState(), valid: validOrder.getState() },
        extra: null,
      };
    },
    setState(state) {
      restoreChildWeights(bound.net, state.weights, state.optimizer as WeightSnapshot);
      for (const key of ['weights', 'augment'] as const) {
        const s = state.prngs[key];
        if (!s) throw new EnasError('CHECKPOINT_INVALID', `checkpoint lacks the ${key} generator state`);
        prngs[key].setState(s);
      }
      const [t, v] = [state.orders.train, state.orders.valid];
      if (!t || !v) throw new EnasError('CHECKPOINT_INVALID', 'checkpoint lacks the data order state');
      trainOrder.setState(t);
      validOrder.setState(v);
    },
    dispose: () => bound.net.dispose(),
  };
}

/** The supernet of the space with the arc decoding folded in, so the task speaks tokens only. */
interface BoundSupernet {
  readonly net: ChildWeights;
  trainStep(batch: ImageBatch, tokens: readonly number[], learningRate: number, progress: number): Promise<ImageTrainMetrics>;
  evaluate(batch: ImageBatch, tokens: readonly number[]): Promise<ImageEvalMetrics>;
  paramCount(tokens: readonly number[]): number;
}

function bindSpace(setup: ImageSpaceSetup, input: ImageInput, prng: Prng): BoundSupernet {
  if (setup.space.space === 'micro' && setup.child.space === 'micro') {
    const space: SearchSpace<MicroArc> = createSearchSpace(setup.space);
    const net = createMicroSupernet({ space: setup.space, child: setup.child, input, prng });
    return bind(net, space);
  }
  if (setup.space.space === 'macro' && setup.child.space === 'macro') {
    const space: SearchSpace<MacroArc> = createSearchSpace(setup.space);
    const net = createMacroSupernet({ space: setup.space, child: setup.child, input, prng });
    return bind(net, space);
  }
  if (setup.space.space === 'nb201' && setup.child.space === 'nb201') {
    const space: SearchSpace<Nb201Arc> = createSearchSpace(setup.space);
    return bind(createNb201Supernet({ child: setup.child, input, prng }), space);
  }
  throw new EnasError('CONFIG_INVALID', `image search needs a micro, macro or nb201 space and child config of the same space`);
}

function bind<A>(net: ImageSupernet<A>, space: SearchSpace<A>): BoundSupernet {
  return {
    net,
    trainStep: (batch, tokens, learningRate, progress) => net.trainStep(batch, space.decode(tokens), { learningRate, progress }),
    evaluate: (batch, tokens) => net.evaluate(batch, space.decode(tokens)),
    paramCount: (tokens) => net.paramCount(space.decode(tokens)),
  };
}
