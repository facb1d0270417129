import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { controllerConfigSchema } from '../../shared/config/controller';
import type { ControllerConfig } from '../../shared/config/controller';
import { spaceConfigSchema } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import { createSearchSpace } from '../spaces/index';
import { createController } from './controller';
import type { Controller } from './controller';
import { createJsController, jsControllerUnsupported } from './js-controller';
import type { ScoredTokens } from './scored-batch';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const nb201 = createSearchSpace(spaceConfigSchema.parse({ space: 'nb201' }));
/** A reward that prefers conv 3×3 on every edge, so the updates move the policy somewhere definite. */
const reward = (tokens: readonly number[]): number => tokens.filter((t) => t === 3).length / tokens.length;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((v, i) => (max = Math.max(max, Math.abs(v - (b[i] ?? NaN)))));
  return max;
}

function expectSameWeights(plain: Controller, reference: Controller, tolerance: number): void {
  const a = plain.getState();
  const b = reference.getState();
  expect(Object.keys(a.weights).sort()).toEqual(Object.keys(b.weights).sort());
  for (const [name, weight] of Object.entries(a.weights)) {
    expect(weight.shape, name).toEqual(b.weights[name]!.shape);
    expect(maxAbsDiff(weight.values, b.weights[name]!.values), name).toBeLessThanOrEqual(tolerance);
    expect(maxAbsDiff(a.adam[name]!.m, b.adam[name]!.m), `adam m of ${name}`).toBeLessThanOrEqual(tolerance);
  }
  expect(a.prng).toEqual(b.prng);
  expect(a.step).toBe(b.step);
  expect(a.baseline).toBeCloseTo(b.baseline, 10);
}

/**
 * `rounds` rounds of `rows` samples and one update each (with the given replay of earlier batches), by the plain
 * and the tfjs controller of one seed fed the same batches: samples, statistics and weights must agree.
 */
function compare(config: ControllerConfig, seed: number, rounds: number, rows: number, replayWeight = 0): void {
  const plain = createJsController(nb201, config, seed);
  const reference = createController(nb201, config, seed);
  const earlier: ScoredTokens[] = [];
  try {
    expectSameWeights(plain, reference, 0);
    for (let round = 0; round < rounds; round++) {
      const batch = Array.from({ length: rows }, (_, r) => {
        const a = plain.sample();
        const b = reference.sample();
        expect(a.tokens, `round ${round}, sample ${r}`).toEqual(b.tokens);
        expect(a.logProb).toBeCloseTo(b.logProb, 5);
        expect(a.entropy).toBeCloseTo(b.entropy, 5);
        expect(maxAbsDiff(a.hidden.values, b.hidden.values)).toBeLessThan(1e-6);
        a.decisions.forEach((d, i) => expect(maxAbsDiff(d.logits, b.decisions[i]!.logits)).toBeLessThan(1e-5));
        return { tokens: a.tokens, entropy: a.entropy, reward: reward(a.tokens) };
      });
      const replay = replayWeight > 0 ? { items: earlier.slice(-3), weight: replayWeight } : undefined;
      const a = plain.update(batch, replay);
      const b = reference.update(batch, replay);
      expect(a.step).toBe(b.step);
      expect(a.baseline).toBe(b.baseline);
      expect(a.loss).toBeCloseTo(b.loss, 5);
      expect(a.gradNorm).toBeCloseTo(b.gradNorm, 5);
      earlier.push(...batch);
    }
    expectSameWeights(plain, reference, 1e-5);
    const arcs = [[3, 0, 3, 1, 0, 1], [4, 4, 4, 4, 4, 4]];
    plain.logProb(arcs).forEach((lp, i) => expect(lp).toBeCloseTo(reference.logProb(arcs)[i]!, 5));
  } finally {
    plain.dispose();
    reference.dispose();
  }
}

describe('plain nb201 controller', () => {
  it('samples and learns as the tfjs controller: the tabular nb201 settings', () => {
    compare(controllerConfigSchema.parse({ numAggregate: 5, tanhConstant: 2.5, baselineDecay: 0.9, learningRate: 0.05 }), 3, 8, 5);
  });

  it('with a temperature, no tanh bound, normalised advantages, first-batch baseline, clipping, Kingma-Ba Adam with β1', () => {
    const config = controllerConfigSchema.parse({
      lstmSize: 16,
      temperature: 1.5,
      tanhConstant: null,
      advantageNormalize: true,
      baselineInit: 'first-batch',
      gradBound: 0.05,
      adamCorrection: 'kingma-ba',
      adamBeta1: 0.5,
      entropyWeight: 0.01,
      entropyReduction: 'mean',
      learningRate: 0.05,
    });
    compare(config, 11, 6, 4);
  });

  it('with a replayed memory term (enas-memory)', () => {
    compare(controllerConfigSchema.parse({ lstmSize: 16, learningRate: 0.05, tanhConstant: 2.5 }), 5, 6, 3, 0.5);
  });

  it('resumes the tfjs controller’s state and continues its stream', () => {
    const config = controllerConfigSchema.parse({ lstmSize: 16, learningRate: 0.05 });
    const reference = createController(nb201, config, 9);
    const batch = Array.from({ length: 4 }, () => ({ ...reference.sample(), reward: 0.3 }));
    reference.update(batch);
    const plain = createJsController(nb201, config, 1);
    plain.setState(reference.getState());
    expect(plain.sample().tokens).toEqual(reference.sample().tokens);
    expectSameWeights(plain, reference, 0);
    reference.dispose();
  });

  it('refuses a non-finite reward and a malformed state without changing anything', () => {
    const plain = createJsController(nb201, controllerConfigSchema.parse({ lstmSize: 8 }), 2);
    const before = plain.getState();
    const sample = plain.sample();
    const after = plain.getState();
    expect(() => plain.update([{ ...sample, reward: NaN }])).toThrow(EnasError);
    expect(() => plain.setState({ ...before, step: -1 })).toThrow(/step must be a non-negative integer/);
    expect(plain.getState()).toEqual(after);
  });

  it('names the configurations it does not cover', () => {
    const config = controllerConfigSchema.parse({});
    expect(jsControllerUnsupported(nb201.config, config)).toBeNull();
    expect(jsControllerUnsupported(spaceConfigSchema.parse({ space: 'micro' }), config)).toMatch(/micro policy/);
    expect(jsControllerUnsupported(nb201.config, { ...config, lstmNumLayers: 2 })).toMatch(/2 LSTM layers/);
    expect(jsControllerUnsupported(nb201.config, { ...config, weightlessWeight: 1 })).toMatch(/weightless/);
    expect(() => createJsController(nb201, { ...config, lstmNumLayers: 2 }, 1)).toThrow(/plain controller: 2 LSTM layers/);
  });
});
