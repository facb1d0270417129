/**
 * The `enas` strategy: the REINFORCE-trained LSTM controller of Pham et al. (2018) behind the
 * {@link Strategy} interface. Sampling and updating are the controller's; this adapter only shapes the
 * results into plain strategy records.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import { EnasError } from '../../shared/errors';
import { createController } from '../controller/controller';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy, StrategySample } from './strategy';

export function createEnasStrategy(space: SearchSpace<unknown>, config: ControllerConfig, seed: number): Strategy {
  const controller = createController(space, config, seed);
  return {
    name: 'enas',
    phase: { updates: config.trainSteps, samplesPerUpdate: config.numAggregate },
    sample() {
      const { tokens, logProb, entropy, skipPenalty, skipCount } = controller.sample();
      const sample: StrategySample = { tokens, logProb, entropy };
      return skipPenalty === null || skipCount === null ? sample : { ...sample, skipPenalty, skipCount };
    },
    update(batch) {
      const stats = controller.update(batch);
      return {
        step: stats.step,
        samples: batch.length,
        meanReward: stats.meanReward,
        meanEntropy: stats.meanEntropy,
        loss: stats.loss,
        baseline: stats.baseline,
        gradNorm: stats.gradNorm,
      };
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
