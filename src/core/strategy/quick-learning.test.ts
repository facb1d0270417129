/**
 * Does the quick preset's controller learn within the quick budget? Issue 11 measured the controller of the
 * previous quick preset (the official optimizer and priors, 30 updates of 5) leaving a micro policy's
 * entropy at 57.189 → 57.185. Here a synthetic reward replaces the shared-weight child, shaped like one: a
 * base accuracy, a small gain for each op decision that picks a hidden target op (the 5×5 separable
 * convolution: an op with weights, which the quick preset's weightless-op penalty does not oppose; a
 * weightless target would be held near the penalty's 0.4 share by design), and noise of the size a 100-image
 * reward has. The quick micro controller,
 * resolved from the preset itself, gets exactly the quick budget of updates: (epochs − warm-up epochs) ×
 * trainSteps updates of numAggregate samples. The controller settings of the previous quick preset, given
 * its budget, are the contrast: they stay at their prior.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../shared/config/presets';
import { strategyConfigSchema } from '../../shared/config/strategy';
import type { StrategyConfig } from '../../shared/config/strategy';
import { createStreamPrng } from '../random/prng';
import { createSearchSpace } from '../spaces/index';
import type { SearchSpace } from '../spaces/search-space';
import { createStrategy } from './create-strategy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TARGET_OP = 1;
const SEED = 2;

function targetShare(space: SearchSpace<unknown>, tokens: readonly number[]): number {
  // micro arcs: index, op, index, op per node; the op tokens sit at odd positions.
  const ops = tokens.filter((_, p) => p % 2 === 1);
  return ops.filter((op) => op === TARGET_OP).length / ops.length;
}

/** Trains for `updates` updates of `perUpdate` samples; returns the target's share before and after. */
function train(config: StrategyConfig, updates: number, perUpdate: number): { before: number; after: number } {
  const quick = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas' });
  const space: SearchSpace<unknown> = createSearchSpace(quick.space);
  const strategy = createStrategy(config, space, SEED);
  const noise = createStreamPrng(SEED, 1, 0);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - noise.next())) * Math.cos(2 * Math.PI * noise.next());
  const share = (n: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += targetShare(space, strategy.sample().tokens);
    return sum / n;
  };
  const before = share(40);
  for (let u = 0; u < updates; u++) {
    const batch = Array.from({ length: perUpdate }, () => {
      const sample = strategy.sample();
      // Accuracy 0.3, +0.15 when every op is the target, ± 0.045 (a 100-image accuracy near 0.4).
      return { ...sample, reward: 0.3 + 0.15 * targetShare(space, sample.tokens) + 0.045 * gauss() };
    });
    strategy.update(batch);
  }
  const after = share(40);
  strategy.dispose();
  return { before, after };
}

describe('the quick controller learns within the quick budget', () => {
  it('takes a hidden target op from chance to well above it in the quick number of updates', () => {
    const quick = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas' });
    if (quick.strategy.strategy !== 'enas') throw new Error('expected enas');
    const { trainSteps, numAggregate } = quick.strategy.controller;
    const updates = (quick.search.epochs - quick.search.warmupEpochs) * trainSteps;
    const { before, after } = train(quick.strategy, updates, numAggregate);
    // Chance: 1 of 5 ops. Measured with seed 2: 0.191 → 0.554 after the quick budget of 50 updates of 8 (40
    // fresh samples each). The penalty's two-sided KL toward 0.4 weightless ops per decision caps how far a
    // single op with weights can go; before the penalty, this test's max-pooling target went 0.20 → 0.97.
    expect(Math.abs(before - 0.2), `before ${before}`).toBeLessThan(0.08);
    expect(after, `after ${updates} updates of ${numAggregate}: ${after}`).toBeGreaterThan(0.45);
  }, 180_000);

  it("the previous quick controller (official optimizer and priors, 30 updates of 5) stays at its prior", () => {
    const previous = strategyConfigSchema.parse({ strategy: 'enas', controller: { trainSteps: 10, numAggregate: 5 } });
    const { before, after } = train(previous, 30, 5);
    // b_soft's prior [10, 10, 0, 0, 0] gives the 5×5 separable convolution about 0.3 of the op choices.
    // Measured with seed 2: 0.260 → 0.299.
    expect(before).toBeLessThan(0.35);
    expect(after, `after 30 updates of 5: ${after}`).toBeLessThan(0.35);
  }, 180_000);
});
