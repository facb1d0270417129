/**
 * Does the controller learn? A synthetic reward, the fraction of decisions that match a hidden target
 * architecture, takes the child network's place. The ENAS controller must push the mean reward of its
 * last 50 samples above 0.9 within a stated number of updates; random-ws, which learns nothing, must stay
 * at the chance level computed from the space's definition.
 *
 * The hyperparameters are tuned for a fast test, through the real configuration and code path:
 * - tanhConstant is chosen per space so that the most confident policy can score ≈ 0.95 while every option
 *   keeps a probability of at least ~1% (the official bounds, 1.1–2.5, cap some spaces below 0.9: that is
 *   their purpose, to keep the search exploring);
 * - learningRate is 4–10× the official one, and the official slow TF1 Adam start (ε = 1e-3 on the
 *   uncorrected second moment) then still takes ~50 updates to leave the uniform policy;
 * - entropyWeight is 0 and baselineDecay 0.9: the bonus only adds noise to a reward in [0, 1], and a
 *   faster baseline follows the rising reward;
 * - skipWeight is 0 (the KL penalty pulls every skip probability towards skipTarget, against an arbitrary
 *   target) and opBiasInit 0 (the official b_soft = 10 prior for separable convolutions is a preference
 *   the target need not share), rnnDistancePrior 0 for the same reason.
 * The spaces are smaller than the defaults: with every decision's option count, the ENAS controller needs
 * thousands of samples to tell apart decisions that its fresh LSTM represents almost identically.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { spaceConfigSchema } from '../../shared/config/space';
import type { SpaceConfig } from '../../shared/config/space';
import { strategyConfigSchema } from '../../shared/config/strategy';
import { createPrng } from '../random/prng';
import { createSearchSpace } from '../spaces/index';
import { createStrategy } from './create-strategy';
import type { Strategy, StrategySample } from './strategy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SEED = 7;
const WINDOW = 50;

/**
 * Chance level of the matching reward under uniform sampling, from the definitions in design.md §2:
 * every decision is uniform over its options, so each matches with probability 1 / options.
 */
function chanceLevel(space: SpaceConfig): number {
  switch (space.space) {
    case 'macro': {
      const L = space.numLayers;
      const skips = (L * (L - 1)) / 2;
      return (L / space.numBranches + skips / 2) / (L + skips);
    }
    case 'micro': {
      let perCell = 0;
      for (let k = 0; k < space.numNodes; k++) perCell += 2 / (k + 2) + 2 / space.numBranches;
      return perCell / (4 * space.numNodes);
    }
    case 'rnn': {
      let matches = space.numNodes / space.numActivations;
      for (let k = 1; k < space.numNodes; k++) matches += 1 / k;
      return matches / (2 * space.numNodes - 1);
    }
  }
}

function matchReward(target: readonly number[]): (sample: StrategySample) => number {
  return (sample) => sample.tokens.filter((t, p) => t === target[p]).length / target.length;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Updates until the last-WINDOW mean reward exceeds `threshold`; the number of updates used, or null. */
function trainUntil(strategy: Strategy, reward: (s: StrategySample) => number, maxUpdates: number, threshold: number) {
  const rewards: number[] = [];
  for (let u = 1; u <= maxUpdates; u++) {
    const batch = Array.from({ length: strategy.phase.samplesPerUpdate }, () => {
      const sample = strategy.sample();
      return { ...sample, reward: reward(sample) };
    });
    rewards.push(...batch.map((b) => b.reward));
    strategy.update(batch);
    if (rewards.length >= WINDOW && mean(rewards.slice(-WINDOW)) > threshold) return { updates: u, rewards };
  }
  return { updates: null, rewards };
}

const CASES = [
  {
    space: { space: 'macro', numLayers: 4 },
    controller: { tanhConstant: 2, learningRate: 0.03, skipWeight: 0 },
    maxUpdates: 250,
  },
  {
    space: { space: 'micro', numNodes: 2 },
    controller: { tanhConstant: 2.5, opTanhReduce: 1, learningRate: 0.03, opBiasInit: 0 },
    maxUpdates: 250,
  },
  {
    space: { space: 'rnn', numNodes: 4 },
    controller: { tanhConstant: 2.5, learningRate: 0.02, rnnDistancePrior: 0 },
    maxUpdates: 250,
  },
] as const;

describe('learning a hidden target architecture', () => {
  it.each(CASES)(
    'the enas controller scores above 0.9 over its last 50 samples within $maxUpdates updates of 10 ($space.space)',
    ({ space: spaceInput, controller, maxUpdates }) => {
      const space = createSearchSpace(spaceConfigSchema.parse(spaceInput));
      const target = space.encode(space.sampleUniform(createPrng(1000 + SEED)));
      const config = strategyConfigSchema.parse({
        strategy: 'enas',
        controller: { lstmSize: 32, numAggregate: 10, entropyWeight: 0, baselineDecay: 0.9, ...controller },
      });
      const strategy = createStrategy(config, space, SEED);
      const { updates, rewards } = trainUntil(strategy, matchReward(target), maxUpdates, 0.9);
      strategy.dispose();
      expect(updates, `last-${WINDOW} mean reward ${mean(rewards.slice(-WINDOW)).toFixed(3)}`).not.toBeNull();
      // It started from chance: the first window scored like random search.
      expect(Math.abs(mean(rewards.slice(0, WINDOW)) - chanceLevel(space.config))).toBeLessThan(0.1);
    },
  );

  it.each(CASES)('random-ws stays at the analytic chance level ($space.space)', ({ space: spaceInput, maxUpdates }) => {
    const space = createSearchSpace(spaceConfigSchema.parse(spaceInput));
    const target = space.encode(space.sampleUniform(createPrng(1000 + SEED)));
    const strategy = createStrategy(strategyConfigSchema.parse({ strategy: 'random-ws' }), space, SEED);
    const reward = matchReward(target);
    // As many samples as the enas controller may use, in batches of 10.
    const rewards: number[] = [];
    for (let u = 0; u < maxUpdates; u++) {
      const batch = Array.from({ length: 10 }, () => {
        const sample = strategy.sample();
        return { ...sample, reward: reward(sample) };
      });
      strategy.update(batch);
      rewards.push(...batch.map((b) => b.reward));
    }
    const chance = chanceLevel(space.config);
    // 2500 samples: the standard error of the mean is below 0.004, so 0.02 is five of them.
    expect(Math.abs(mean(rewards) - chance)).toBeLessThan(0.02);
    expect(mean(rewards.slice(-WINDOW))).toBeLessThan(chance + 0.1);
  });
});
