/**
 * Retraining a derived image architecture from scratch (Pham et al. 2018, §3.2/§3.3): a fixed network that
 * holds only that architecture's weights, usually larger than during the search, trained with the cosine
 * schedule and (optionally) cutout, then scored on the test split it has never seen.
 */
import { EnasError } from '../../shared/errors';
import { cutout } from '../child/cutout';
import { createFixedMacroNetwork } from '../child/macro/create-macro';
import { createFixedMicroNetwork } from '../child/micro/micro-fixed';
import { createFixedNb201Network } from '../child/nb201/create-nb201';
import { cosineLearningRate } from '../child/optim/cosine-schedule';
import type { FixedImageNetwork, WeightSnapshot } from '../child/supernet';
import { createPrng } from '../random/prng';
import type { PrngState } from '../random/prng';
import { createSearchSpace } from '../spaces';
import { EpochOrder } from './epoch-order';
import type { EpochOrderState } from './epoch-order';
import { splitAccuracy } from './evaluate-split';
import { channelStatistics, checkImageSplit, makeImageBatch } from './image-split';
import type { BatchOptions, ImageSplit } from './image-split';
import type { ImageSpaceSetup } from './image-setup';
import { retrainPace } from './retrain-run';
import type { RetrainOutcome, RetrainRun } from './retrain-run';
import { restoreChildWeights } from '../child/restore-weights';
import { RETRAIN_TEST_SERIES } from '../../shared/run';

export interface RetrainState {
  readonly epoch: number;
  readonly step: number;
  readonly weights: WeightSnapshot;
  readonly optimizer: WeightSnapshot;
  readonly prngs: Record<'weights' | 'augment', PrngState>;
  readonly order: EpochOrderState;
}

export interface RetrainImageArgs extends RetrainRun<RetrainState> {
  readonly setup: ImageSpaceSetup;
  readonly arc: string;
  readonly train: ImageSplit;
  readonly valid: ImageSplit;
  readonly test: ImageSplit;
  readonly numClasses: number;
  readonly augment: BatchOptions;
}

export async function retrainImage(args: RetrainImageArgs): Promise<RetrainOutcome> {
  const { setup, train, valid, test, batchSize } = args;
  checkImageSplit(train, 'training split');
  checkImageSplit(test, 'test split');
  const input = { height: train.height, width: train.width, channels: train.channels, numClasses: args.numClasses };
  const prngs = { weights: createPrng(args.seed * 8 + 5), augment: createPrng(args.seed * 8 + 6) };
  const net = buildFixed(setup, args.arc, input, prngs.weights);
  try {
    const norm = channelStatistics(train);
    const order = new EpochOrder(train.count, createPrng(args.seed * 8 + 7));
    const stepsPerEpoch = Math.max(1, Math.floor(train.count / batchSize));
    let epoch = 0;
    let step = 0;
    if (args.resume) {
      restoreChildWeights(net, args.resume.weights, args.resume.optimizer);
      prngs.weights.setState(args.resume.prngs.weights);
      prngs.augment.setState(args.resume.prngs.augment);
      order.setState(args.resume.order);
      ({ epoch, step } = args.resume);
    }
    const total = args.epochs * stepsPerEpoch;
    const pace = retrainPace(args.clock, step, total);
    const cutoutSize = setup.child.cutoutSize;
    const snapshot = async (): Promise<void> =>
      args.checkpoint({
        epoch,
        step,
        weights: await net.getWeights(),
        optimizer: await net.optimizer.getState(),
        prngs: { weights: prngs.weights.state(), augment: prngs.augment.state() },
        order: order.getState(),
      });
    for (; epoch < args.epochs; ) {
      for (let i = step - epoch * stepsPerEpoch; i < stepsPerEpoch; i++) {
        await args.beforeBatch?.();
        if (args.signal.aborted) {
          await snapshot();
          return { stopped: true, results: {} };
        }
        const batch = makeImageBatch(train, order.take(batchSize), norm, args.augment, prngs.augment);
        const images = cutoutSize === null ? batch.images : cutout(batch.images, cutoutSize, prngs.augment);
        try {
          const lr = cosineLearningRate(setup.child, epoch + i / stepsPerEpoch);
          const m = await net.trainStep({ images, labels: batch.labels }, { learningRate: lr, progress: (step + 1) / total });
          if (!Number.isFinite(m.loss)) {
            throw new EnasError('SEARCH_DIVERGED', `retrain loss became ${m.loss} at step ${step}; lower lrMax or set gradBound`);
          }
          args.emit({
            type: 'step-metrics',
            step,
            epoch,
            metrics: { 'retrain/loss': m.loss, 'retrain/accuracy': m.accuracy, 'retrain/lr': lr },
          });
        } finally {
          if (images !== batch.images) images.dispose();
          batch.images.dispose();
          batch.labels.dispose();
        }
        step += 1;
        args.emit({
          type: 'progress',
          stage: 'retrain',
          epoch,
          epochs: args.epochs,
          done: i + 1,
          total: stepsPerEpoch,
          etaS: pace.etaS(step),
        });
      }
      const validAccuracy = valid.count > 0 ? await splitAccuracy(valid, norm, (b) => net.evaluate(b)) : NaN;
      epoch += 1;
      args.emit({
        type: 'epoch-ended',
        epoch: epoch - 1,
        step,
        epochs: args.epochs,
        elapsedS: pace.elapsedS(),
        etaS: pace.etaS(step),
        metrics: Number.isNaN(validAccuracy) ? {} : { 'retrain/valid-accuracy': validAccuracy },
      });
      await snapshot();
    }
    const testAccuracy = await splitAccuracy(test, norm, (b) => net.evaluate(b));
    return {
      stopped: false,
      results: { [RETRAIN_TEST_SERIES.accuracy]: testAccuracy, 'retrain/param-count': net.paramCount() },
    };
  } finally {
    net.dispose();
  }
}

export function buildFixed(
  setup: ImageSpaceSetup,
  arcString: string,
  input: { height: number; width: number; channels: number; numClasses: number },
  prng: ReturnType<typeof createPrng>,
): FixedImageNetwork {
  if (setup.space.space === 'micro' && setup.child.space === 'micro') {
    const arc = createSearchSpace(setup.space).parse(arcString);
    return createFixedMicroNetwork({ arc, space: setup.space, child: setup.child, input, prng });
  }
  if (setup.space.space === 'macro' && setup.child.space === 'macro') {
    const arc = createSearchSpace(setup.space).parse(arcString);
    return createFixedMacroNetwork({ arc, space: setup.space, child: setup.child, input, prng });
  }
  if (setup.space.space === 'nb201' && setup.child.space === 'nb201') {
    const arc = createSearchSpace(setup.space).parse(arcString);
    return createFixedNb201Network({ arc, child: setup.child, input, prng });
  }
  throw new EnasError('CONFIG_INVALID', 'retraining an image architecture needs a micro, macro or nb201 space and child config');
}
