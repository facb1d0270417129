import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { spaceConfigSchema } from '../../shared/config/space';
import { strategyConfigSchema } from '../../shared/config/strategy';
import { EnasError } from '../../shared/errors';
import { createSearchSpace } from '../spaces/index';
import { runControllerPhase } from './controller-phase';
import { createStrategy } from './create-strategy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rnn = createSearchSpace(spaceConfigSchema.parse({ space: 'rnn', numNodes: 3 }));
const macro = createSearchSpace(spaceConfigSchema.parse({ space: 'macro', numLayers: 3 }));
const enasConfig = strategyConfigSchema.parse({ strategy: 'enas', controller: { lstmSize: 16, numAggregate: 3, trainSteps: 2 } });
const randomConfig = strategyConfigSchema.parse({ strategy: 'random-ws' });
const parsecConfig = strategyConfigSchema.parse({ strategy: 'parsec' });

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof EnasError ? err.code : `not an EnasError: ${String(err)}`;
  }
  return undefined;
}

describe('search strategies', () => {
  it('random-ws samples valid arcs with the uniform log-probability −ln |space|', () => {
    const strategy = createStrategy(randomConfig, rnn, 1);
    // rnn, 3 nodes, 4 activations: 4 · (1 · 4) · (2 · 4) = 128 arcs.
    expect(rnn.size()).toBe(128n);
    for (let i = 0; i < 20; i++) {
      const sample = strategy.sample();
      expect(() => rnn.decode(sample.tokens)).not.toThrow();
      expect(sample.logProb).toBeCloseTo(-Math.log(128), 12);
      expect(sample.entropy).toBeCloseTo(Math.log(128), 12);
    }
  });

  it('random-ws draws every arc of a small space about equally often', () => {
    const strategy = createStrategy(randomConfig, rnn, 2);
    const counts = new Map<string, number>();
    const n = 12_800;
    for (let i = 0; i < n; i++) {
      const key = strategy.sample().tokens.join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(128);
    // Expected 100 each; the binomial standard deviation is ≈ 10, so 55…145 is 4.5 of them.
    for (const c of counts.values()) {
      expect(c).toBeGreaterThan(55);
      expect(c).toBeLessThan(145);
    }
  });

  it('random-ws learns nothing but reports the batch statistics it can, and has no controller phase', () => {
    const strategy = createStrategy(randomConfig, rnn, 3);
    const a = strategy.sample();
    const b = strategy.sample();
    const stats = strategy.update([
      { ...a, reward: 0.2 },
      { ...b, reward: 0.6 },
    ]);
    expect(stats).toEqual({
      step: 1,
      samples: 2,
      meanReward: 0.4,
      meanEntropy: Math.log(128),
      loss: null,
      baseline: null,
      gradNorm: null,
    });
    expect(strategy.phase.updates).toBe(0);
    expect(errorCode(() => strategy.update([{ ...a, reward: Infinity }]))).toBe('STRATEGY_BAD_REWARD');
  });

  it.each([randomConfig, enasConfig, parsecConfig])('resumes the exact sample stream from a saved state ($strategy)', (config) => {
    const original = createStrategy(config, macro, 4);
    original.update([{ ...original.sample(), reward: 0.5 }]);
    const saved = original.getState();
    const next = Array.from({ length: 5 }, () => original.sample());
    const resumed = createStrategy(config, macro, 5);
    resumed.setState(saved);
    expect(Array.from({ length: 5 }, () => resumed.sample())).toEqual(next);
    original.dispose();
    resumed.dispose();
  });

  it('refuses the state of the other strategy', () => {
    const enas = createStrategy(enasConfig, macro, 6);
    const random = createStrategy(randomConfig, macro, 6);
    expect(errorCode(() => enas.setState(random.getState()))).toBe('STRATEGY_BAD_STATE');
    expect(errorCode(() => random.setState(enas.getState()))).toBe('STRATEGY_BAD_STATE');
    enas.dispose();
  });

  it('enas reports the REINFORCE statistics and, for macro, the skip penalty and count of each sample', () => {
    const strategy = createStrategy(enasConfig, macro, 7);
    const sample = strategy.sample();
    expect(sample.skipCount).toBeGreaterThanOrEqual(0);
    expect(sample.skipPenalty).toBeGreaterThan(0);
    const stats = strategy.update([{ ...sample, reward: 1 }]);
    expect(stats.step).toBe(1);
    expect(stats.samples).toBe(1);
    expect(stats.loss).not.toBeNull();
    expect(stats.baseline).toBeCloseTo(0.01 * (1 + 1e-4 * sample.entropy), 9);
    expect(stats.gradNorm).toBeGreaterThan(0);
    strategy.dispose();
    const other = createStrategy(enasConfig, rnn, 7);
    expect(other.sample()).not.toHaveProperty('skipPenalty');
    other.dispose();
  });

  it('runs a controller phase of trainSteps updates of numAggregate scored samples', async () => {
    const strategy = createStrategy(enasConfig, rnn, 8);
    const seen: number[][] = [];
    const result = await runControllerPhase(strategy, (sample) => {
      seen.push([...sample.tokens]);
      return sample.tokens[0] === 0 ? 1 : 0;
    });
    expect(result.updates.map((u) => u.step)).toEqual([1, 2]);
    expect(result.updates.every((u) => u.samples === 3)).toBe(true);
    expect(result.samples.map((s) => [...s.tokens])).toEqual(seen);
    expect(result.samples.map((s) => s.reward)).toEqual(seen.map((t) => (t[0] === 0 ? 1 : 0)));
    strategy.dispose();
  });
});
