/**
 * Which implementation runs a controller: the plain one (js-controller.ts) wherever it covers the space and the
 * configuration, as it computes the same function several times faster (no tfjs kernel dispatch), and the tfjs
 * one (controller.ts) everywhere else. Both start from the same weights and Prng stream and share their state
 * format, so a run's checkpoint resumes under either.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import type { SearchSpace } from '../spaces/search-space';
import { createController } from './controller';
import type { Controller } from './controller';
import { createJsController, jsControllerUnsupported } from './js-controller';

export function chooseController(space: SearchSpace<unknown>, config: ControllerConfig, seed: number): Controller {
  return jsControllerUnsupported(space.config, config) === null ? createJsController(space, config, seed) : createController(space, config, seed);
}

/** Whether the controller `chooseController` gives needs tfjs (a backend with gradients) to run. */
export function controllerNeedsTfjs(space: SearchSpace<unknown>, config: ControllerConfig): boolean {
  return jsControllerUnsupported(space.config, config) !== null;
}
