import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { controllerConfigSchema } from '../../shared/config/controller';
import type { ControllerConfig } from '../../shared/config/controller';
import { spaceConfigSchema } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import { createSearchSpace } from '../spaces/index';
import type { AnySearchSpace } from '../spaces/index';
import { createController } from './controller';
import type { Controller } from './controller';
import { createControllerParams, namedVariables } from './controller-params';
import { runPolicy } from './run-policy';
import { createTeacherSink } from './teacher-sink';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function space(config: unknown): AnySearchSpace {
  return createSearchSpace(spaceConfigSchema.parse(config));
}

function controllerConfig(overrides: Partial<ControllerConfig> = {}): ControllerConfig {
  return controllerConfigSchema.parse({ lstmSize: 16, ...overrides });
}

/** Samples `n` arcs and scores each with `reward(i)`. */
function scoredBatch(controller: Controller, n: number, reward: (i: number) => number) {
  return Array.from({ length: n }, (_, i) => {
    const { tokens, entropy, logProb, skipPenalty } = controller.sample();
    return { tokens, entropy, logProb, skipPenalty, reward: reward(i) };
  });
}

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof EnasError ? err.code : `not an EnasError: ${String(err)}`;
  }
  return undefined;
}

describe('ENAS controller REINFORCE update', () => {
  it.each([{ space: 'macro', numLayers: 4 }, { space: 'micro', numNodes: 2 }, { space: 'rnn', numNodes: 4 }])(
    'computes the teacher-forced gradient that central finite differences give ($space)',
    (spaceConfig) => {
      const s = space(spaceConfig);
      const config = controllerConfig({ lstmSize: 8, lstmNumLayers: 2, tanhConstant: 1.5, temperature: 2, opBiasInit: 0.5 });
      const sampler = createController(s, config, 3);
      const arcs = [sampler.sample().tokens, sampler.sample().tokens, sampler.sample().tokens];
      sampler.dispose();
      const params = createControllerParams(s.config, config, createPrng(5));
      const variables = namedVariables(params);
      // Larger weights than the ±0.1 init, so that every derivative is well above float32 noise.
      const init = createPrng(8);
      for (const { variable } of variables) {
        variable.assign(tf.tensor(Float32Array.from({ length: variable.size }, () => (init.next() - 0.5) * 1.5), variable.shape));
      }
      const objective = (): tf.Scalar => {
        const teacher = createTeacherSink(arcs, 0.4);
        runPolicy(s.config, config, params, arcs.length, teacher.sink);
        return tf.sum(tf.add(tf.mul(teacher.logProb(), tf.tensor1d([1, -0.5, 0.3])), teacher.skipPenalty()));
      };
      const { value, grads } = tf.variableGrads(objective, variables.map((v) => v.variable));
      const direction = createPrng(11);
      const eps = 3e-2;
      for (const { name, variable } of variables) {
        const grad = grads[variable.name];
        expect(grad, name).toBeDefined();
        const dir = tf.tensor(Float32Array.from({ length: variable.size }, () => direction.next() - 0.5), variable.shape);
        const analytic = tf.tidy(() => tf.sum(tf.mul(grad as tf.Tensor, dir)).dataSync()[0] ?? NaN);
        const original = variable.clone();
        const at = (step: number) => {
          variable.assign(tf.tidy(() => tf.add(original, tf.mul(dir, step))));
          return tf.tidy(() => objective().dataSync()[0] ?? NaN);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        variable.assign(original);
        original.dispose();
        dir.dispose();
        expect(Math.abs(analytic - numeric), `${name}: ${analytic} vs ${numeric}`).toBeLessThan(
          0.03 * Math.max(0.01, Math.abs(numeric)),
        );
      }
      value.dispose();
      Object.values(grads).forEach((g) => g?.dispose());
      variables.forEach(({ variable }) => variable.dispose());
    },
  );

  it('updates the baseline and the loss exactly as the official formulas, entropy bonus included', () => {
    const config = controllerConfig({ entropyWeight: 0.01, baselineDecay: 0.8, skipWeight: 0.5 });
    const controller = createController(space({ space: 'macro', numLayers: 4 }), config, 6);
    const batch = scoredBatch(controller, 4, (i) => [0.2, 0.9, 0.5, 0.1][i] ?? 0);
    let b = 0;
    let loss = 0;
    for (const item of batch) {
      const r = item.reward + config.entropyWeight * item.entropy;
      b -= (1 - config.baselineDecay) * (b - r);
      loss += -item.logProb * (r - b) + config.skipWeight * (item.skipPenalty ?? NaN);
    }
    const stats = controller.update(batch);
    expect(stats.step).toBe(1);
    expect(stats.baseline).toBeCloseTo(b, 12);
    expect(Math.abs(stats.loss - loss / batch.length)).toBeLessThan(1e-4);
    expect(stats.meanReward).toBeCloseTo(0.425, 12);
    expect(stats.gradNorm).toBeGreaterThan(0);
    controller.dispose();
  });

  it('makes a rewarded arc more likely and a punished one less likely', () => {
    const controller = createController(space({ space: 'rnn', numNodes: 4 }), controllerConfig({ learningRate: 0.05 }), 7);
    const [good, bad] = scoredBatch(controller, 2, (i) => (i === 0 ? 1 : 0));
    if (good === undefined || bad === undefined) throw new Error('no samples');
    const before = controller.logProb([good.tokens, bad.tokens]);
    for (let i = 0; i < 5; i++) controller.update([good, bad]);
    const after = controller.logProb([good.tokens, bad.tokens]);
    // From the ±0.1 initialisation the logits are tiny and move slowly: the direction is what counts.
    expect(after[0]).toBeGreaterThan((before[0] ?? NaN) + 1e-3);
    expect(after[1]).toBeLessThan((before[1] ?? NaN) - 1e-4);
    controller.dispose();
  });

  it('clips the gradient to gradBound before the Adam step and reports the norm before clipping', () => {
    const s = space({ space: 'micro', numNodes: 2 });
    const run = (gradBound: number | null) => {
      const controller = createController(s, controllerConfig({ gradBound }), 8);
      const batch = scoredBatch(controller, 3, (i) => i);
      const before = controller.getState().weights;
      const stats = controller.update(batch);
      const after = controller.getState().weights;
      const moved = Math.max(
        ...Object.entries(after).map(([name, w]) =>
          Math.max(...w.values.map((x, i) => Math.abs(x - (before[name]?.values[i] ?? NaN)))),
        ),
      );
      controller.dispose();
      return { gradNorm: stats.gradNorm, moved };
    };
    const free = run(null);
    const clipped = run(1e-9);
    expect(clipped.gradNorm).toBeCloseTo(free.gradNorm, 6);
    // Adam's ε = 1e-3 makes a step of a 1e-9 gradient about lr · 1e-6: the weights barely move.
    expect(clipped.moved).toBeLessThan(1e-7);
    expect(free.moved).toBeGreaterThan(1e-4);
  });

  it('refuses an empty batch, a non-finite reward, an arc outside the space and a diverging update, changing nothing', () => {
    const controller = createController(space({ space: 'rnn', numNodes: 3 }), controllerConfig(), 9);
    const [item] = scoredBatch(controller, 1, () => 0.5);
    if (item === undefined) throw new Error('no sample');
    const before = controller.getState();
    expect(errorCode(() => controller.update([]))).toBe('STRATEGY_BAD_BATCH');
    expect(errorCode(() => controller.update([{ ...item, reward: NaN }]))).toBe('STRATEGY_BAD_REWARD');
    expect(errorCode(() => controller.update([{ ...item, tokens: item.tokens.slice(1) }]))).toBe('ARC_BAD_LENGTH');
    expect(errorCode(() => controller.update([{ ...item, tokens: item.tokens.map(() => 99) }]))).toMatch(/^ARC_BAD_/);
    // Finite in float64 but not in float32: the loss overflows, and nothing may be applied.
    expect(errorCode(() => controller.update([{ ...item, reward: 1e39 }]))).toBe('STRATEGY_BAD_UPDATE');
    expect(controller.getState()).toEqual(before);
    controller.dispose();
  });

  it('leaks no tensor: after a burn-in of 10 steps, 100 more sample-and-update steps end with the same count', () => {
    const empty = tf.memory().numTensors;
    const controller = createController(space({ space: 'macro', numLayers: 3 }), controllerConfig({ lstmSize: 8 }), 10);
    const step = (i: number) => controller.update(scoredBatch(controller, 2, (j) => ((i + j) % 3) / 2));
    for (let i = 0; i < 10; i++) step(i);
    const before = tf.memory();
    for (let i = 0; i < 100; i++) step(i);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    controller.dispose();
    expect(tf.memory().numTensors).toBe(empty);
  });
});
