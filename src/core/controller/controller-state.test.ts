import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { controllerConfigSchema } from '../../shared/config/controller';
import { spaceConfigSchema } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import { createSearchSpace } from '../spaces/index';
import { createController } from './controller';
import type { Controller } from './controller';
import type { ControllerState } from './controller-state';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const s = createSearchSpace(spaceConfigSchema.parse({ space: 'macro', numLayers: 4 }));
const config = controllerConfigSchema.parse({ lstmSize: 16, learningRate: 0.01 });

/** `steps` rounds of 3 samples and one update, with rewards that depend only on the tokens. */
function run(controller: Controller, steps: number) {
  const log: unknown[] = [];
  for (let i = 0; i < steps; i++) {
    const batch = Array.from({ length: 3 }, () => {
      const { tokens, entropy, logProb } = controller.sample();
      return { tokens, entropy, logProb, reward: tokens.filter((t) => t === 1).length / tokens.length };
    });
    log.push(batch, controller.update(batch));
  }
  return log;
}

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof EnasError ? err.code : `not an EnasError: ${String(err)}`;
  }
  return undefined;
}

describe('ENAS controller state', () => {
  it('resumes from a saved state with exactly the samples and updates of an uninterrupted run', () => {
    const original = createController(s, config, 1);
    run(original, 3);
    const saved = original.getState();
    const continued = run(original, 4);
    // A controller from another seed becomes the saved one.
    const resumed = createController(s, config, 999);
    resumed.setState(saved);
    expect(run(resumed, 4)).toEqual(continued);
    expect(resumed.getState()).toEqual(original.getState());
    original.dispose();
    resumed.dispose();
  });

  it('keeps copies: changing a saved state or training on does not change the other', () => {
    const controller = createController(s, config, 2);
    const saved = controller.getState();
    const copy = structuredClone(saved);
    run(controller, 2);
    expect(saved).toEqual(copy);
    const weights = Object.values(saved.weights)[0];
    if (weights === undefined) throw new Error('no weights');
    weights.values[0] = 123;
    expect(Object.values(controller.getState().weights)[0]?.values[0]).not.toBe(123);
    controller.dispose();
  });

  it('refuses a state with a missing, misshapen or non-finite variable, a bad step or Prng, changing nothing', () => {
    const controller = createController(s, config, 3);
    run(controller, 1);
    const good = controller.getState();
    const [first, ...rest] = Object.keys(good.weights);
    if (first === undefined) throw new Error('no weights');
    const firstWeight = good.weights[first];
    if (firstWeight === undefined) throw new Error('no weights');
    const withWeight = (w: ControllerState['weights'][string]): ControllerState => ({
      ...good,
      weights: { ...good.weights, [first]: w },
    });
    const bad: ControllerState[] = [
      { ...good, weights: Object.fromEntries(rest.map((k) => [k, good.weights[k]])) as ControllerState['weights'] },
      withWeight({ shape: [1, 1], values: new Float32Array(1) }),
      withWeight({ shape: firstWeight.shape, values: firstWeight.values.map((x, i) => (i === 0 ? NaN : x)) }),
      { ...good, step: -1 },
      { ...good, baseline: Infinity },
      { ...good, prng: [0, 0, 0, 0] },
    ];
    for (const state of bad) {
      expect(errorCode(() => controller.setState(state))).toBe('STRATEGY_BAD_STATE');
      expect(controller.getState()).toEqual(good);
    }
    controller.dispose();
  });
});
