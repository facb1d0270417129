/**
 * The `enas` strategy: the REINFORCE-trained LSTM controller of Pham et al. (2018) behind the
 * {@link Strategy} interface. Sampling and updating are the controller's; this adapter only shapes the
 * results into plain strategy records.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import { EnasError } from '../../shared/errors';
import { chooseController } from '../controller/choose-controller';
import type { ControllerUpdateStats } from '../controller/controller';
import type { SampledTokens } from '../controller/sampling-sink';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy, StrategySample, UpdateStats } from './strategy';

/** A controller sample as a strategy sample: the macro skip fields only where the space has skips. */
export function controllerSample({ tokens, logProb, entropy, skipPenalty, skipCount, hidden }: SampledTokens): StrategySample {
  const sample: StrategySample = { tokens, logProb, entropy, hidden };
  return skipPenalty === null || skipCount === null ? sample : { ...sample, skipPenalty, skipCount };
}

export function controllerUpdateStats(stats: ControllerUpdateStats, samples: number): UpdateStats {
  const { step, meanReward, meanEntropy, loss, baseline, gradNorm } = stats;
  return { step, samples, meanReward, meanEntropy, loss, baseline, gradNorm };
}

export function createEnasStrategy(space: SearchSpace<unknown>, config: ControllerConfig, seed: number): Strategy {
  const controller = chooseController(space, config, seed);
  return {
    name: 'enas',
    phase: { updates: config.trainSteps, samplesPerUpdate: config.numAggregate },
    sample() {
      return controllerSample(controller.sample());
    },
    update(batch) {
      return controllerUpdateStats(controller.update(batch), batch.length);
    },
    getState() {
      return { strategy: 'enas', controller: controller.getState() };
    },
    setState(state) {
      if (state.strategy !== 'enas') {
        throw new EnasError('STRATEGY_BAD_STATE', `enas strategy: cannot restore a ${state.strategy} state`);
      }
      controller.setState(state.controller);
    },
    dispose() {
      controller.dispose();
    },
  };
}
