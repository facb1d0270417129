/**
 * The `enas-memory` strategy (Adam & Lorraine, "Understanding Neural Architecture Search Techniques", 2019,
 * §5): the ENAS controller, trained on each fresh batch as `enas` is, plus a REINFORCE term over architectures
 * replayed from a memory of its earlier samples. The paper proposes the memory so that the controller's
 * hidden state comes to encode past decisions; the controller analysis (core/analysis) measures whether it
 * does. How the memory enters the update is documented in docs/presets.md and shared/config/strategy.ts.
 *
 * A batch joins the memory after the update it was fresh in, so the first update replays nothing and is
 * exactly enas's; with `memoryWeight` 0 every update is.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import type { MemoryConfig } from '../../shared/config/strategy';
import { EnasError } from '../../shared/errors';
import { chooseController } from '../controller/choose-controller';
import type { SearchSpace } from '../spaces/search-space';
import { controllerSample, controllerUpdateStats } from './enas-strategy';
import { createReplayMemory } from './replay-memory';
import type { Strategy } from './strategy';

export function createEnasMemoryStrategy(
  space: SearchSpace<unknown>,
  config: ControllerConfig,
  memoryConfig: MemoryConfig,
  seed: number,
): Strategy {
  const controller = chooseController(space, config, seed);
  const memory = createReplayMemory(memoryConfig, seed);
  return {
    name: 'enas-memory',
    phase: { updates: config.trainSteps, samplesPerUpdate: config.numAggregate },
    sample() {
      return controllerSample(controller.sample());
    },
    update(batch) {
      // All or nothing: a refused batch also leaves the memory's Prng where it was.
      const before = memory.getState();
      try {
        const stats = controller.update(batch, { items: memory.draw(), weight: memoryConfig.memoryWeight });
        memory.add(batch);
        return controllerUpdateStats(stats, batch.length);
      } catch (err) {
        memory.setState(before);
        throw err;
      }
    },
    getState() {
      return { strategy: 'enas-memory', controller: controller.getState(), memory: memory.getState() };
    },
    setState(state) {
      if (state.strategy !== 'enas-memory') {
        throw new EnasError('STRATEGY_BAD_STATE', `enas-memory strategy: cannot restore a ${state.strategy} state`);
      }
      const before = memory.getState();
      memory.setState(state.memory);
      try {
        controller.setState(state.controller);
      } catch (err) {
        memory.setState(before);
        throw err;
      }
    },
    dispose() {
      controller.dispose();
    },
  };
}
