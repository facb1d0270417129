import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { strategyConfigSchema } from '../../shared/config/strategy';
import { EnasError } from '../../shared/errors';
import { createSearchSpace } from '../spaces/index';
import { createStrategy } from './create-strategy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const space = createSearchSpace({ space: 'nb201' });

describe('parsec', () => {
  it('starts uniform: log p = −6 ln 5 and entropy 6 ln 5 for every nb201 sample', () => {
    const parsec = createStrategy(strategyConfigSchema.parse({ strategy: 'parsec' }), space, 1);
    const sample = parsec.sample();
    expect(sample.logProb).toBeCloseTo(-6 * Math.log(5), 12);
    expect(sample.entropy).toBeCloseTo(6 * Math.log(5), 12);
    expect(parsec.phase).toEqual({ updates: 30, samplesPerUpdate: 10 });
  });

  it('moves probability towards the better-rewarded of two samples, by the importance weights', () => {
    const parsec = createStrategy(strategyConfigSchema.parse({ strategy: 'parsec', parsec: { rewardTemperature: 0.01 } }), space, 2);
    const good = { tokens: [3, 3, 3, 1, 3, 2], logProb: 0, entropy: 1, reward: 0.9 };
    const bad = { tokens: [0, 0, 0, 0, 0, 0], logProb: 0, entropy: 1, reward: 0.1 };
    const before = parsec.getState();
    const stats = parsec.update([good, bad]);
    expect(stats.step).toBe(1);
    expect(stats.gradNorm).toBeGreaterThan(0);
    const after = parsec.getState();
    if (after.strategy !== 'parsec' || before.strategy !== 'parsec') throw new Error('not a parsec state');
    // Decision 0: the logit of op 3 (the good sample's) rose, op 0's (the bad one's, weight e^-80) fell.
    expect(after.logits[3]!).toBeGreaterThan(before.logits[3]!);
    expect(after.logits[0]!).toBeLessThan(before.logits[0]!);
  });

  it('refuses a state of the wrong size, a bad batch and the state of another strategy', () => {
    const parsec = createStrategy(strategyConfigSchema.parse({ strategy: 'parsec' }), space, 3);
    const state = parsec.getState();
    if (state.strategy !== 'parsec') throw new Error('not a parsec state');
    expect(() => parsec.setState({ ...state, logits: state.logits.slice(1) })).toThrow(/logits must be 30 finite numbers/);
    expect(() => parsec.update([])).toThrow(EnasError);
    expect(() => parsec.update([{ tokens: [5, 0, 0, 0, 0, 0], logProb: 0, entropy: 0, reward: 1 }])).toThrow(/ARC_BAD_OP/);
    const random = createStrategy(strategyConfigSchema.parse({ strategy: 'random-ws' }), space, 3);
    expect(() => parsec.setState(random.getState())).toThrow(/STRATEGY_BAD_STATE/);
  });

  it('the enas controller samples valid nb201 cells with its log-probability', () => {
    const enas = createStrategy(strategyConfigSchema.parse({ strategy: 'enas', controller: { lstmSize: 16 } }), space, 4);
    for (let i = 0; i < 5; i++) {
      const sample = enas.sample();
      expect(space.decode(sample.tokens).ops).toHaveLength(6);
      expect(sample.logProb).toBeLessThan(0);
      expect(sample.entropy).toBeGreaterThan(0);
    }
    enas.dispose();
  });
});
