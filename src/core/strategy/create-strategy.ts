/**
 * The strategy a parsed {@link StrategyConfig} names, over a search space, seeded. The seed fixes the
 * whole sample stream (and, for `enas` and `enas-memory`, the controller's initial weights).
 */
import type { StrategyConfig } from '../../shared/config/strategy';
import type { SearchSpace } from '../spaces/search-space';
import { createEnasMemoryStrategy } from './enas-memory-strategy';
import { createEnasStrategy } from './enas-strategy';
import { createParsecStrategy } from './parsec-strategy';
import { createRandomWsStrategy } from './random-ws-strategy';
import type { Strategy } from './strategy';

export function createStrategy(config: StrategyConfig, space: SearchSpace<unknown>, seed: number): Strategy {
  switch (config.strategy) {
    case 'enas':
      return createEnasStrategy(space, config.controller, seed);
    case 'enas-memory':
      return createEnasMemoryStrategy(space, config.controller, config.memory, seed);
    case 'random-ws':
      return createRandomWsStrategy(space, seed);
    case 'parsec':
      return createParsecStrategy(space, config.parsec, seed);
  }
}
