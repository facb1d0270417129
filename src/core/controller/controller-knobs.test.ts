/**
 * The controller knobs that are ours, not the official code's (src/shared/config/controller.ts): each one's
 * arithmetic checked directly, and each default checked to be the official behaviour.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { controllerConfigSchema } from '../../shared/config/controller';
import { spaceConfigSchema } from '../../shared/config/space';
import { createSearchSpace } from '../spaces/index';
import { createAdam } from './adam';
import { createController } from './controller';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const space = createSearchSpace(spaceConfigSchema.parse({ space: 'micro', numNodes: 2 }));

function batchOf(seed: number, rewards: readonly number[], overrides: Record<string, unknown>) {
  const controller = createController(space, controllerConfigSchema.parse({ lstmSize: 8, ...overrides }), seed);
  const batch = rewards.map((reward) => ({ ...controller.sample(), reward }));
  return { controller, batch };
}

describe('controller knobs', () => {
  it('baselineInit first-batch starts the moving average at the first batch mean; zero starts it at 0', () => {
    const rewards = [0.3, 0.5, 0.4];
    for (const [init, start] of [['first-batch', 0.4], ['zero', 0]] as const) {
      const { controller, batch } = batchOf(1, rewards, { baselineInit: init, entropyWeight: 0, baselineDecay: 0.9 });
      let b: number = start;
      for (const r of rewards) b -= 0.1 * (b - r);
      expect(controller.update(batch).baseline, init).toBeCloseTo(b, 12);
      // Only the first update starts from the batch mean: later ones continue the average.
      const next = [0.9, 0.9].map((reward) => ({ ...controller.sample(), reward }));
      const expected = next.reduce((acc: number, s) => acc - 0.1 * (acc - s.reward), b);
      expect(controller.update(next).baseline, init).toBeCloseTo(expected, 12);
      controller.dispose();
    }
  });

  it('advantageNormalize makes the update invariant to the scale and offset of the rewards', () => {
    // Same seed, so the same samples; rewards r and 100·r + 7 give the same normalised advantages.
    const base = [0.2, 0.6, 0.1, 0.5];
    const logProbsAfter = (rewards: readonly number[], normalize: boolean): number[] => {
      const { controller, batch } = batchOf(4, rewards, { advantageNormalize: normalize, entropyWeight: 0, baselineInit: 'first-batch' });
      controller.update(batch);
      const out = controller.logProb(batch.map((s) => s.tokens));
      controller.dispose();
      return out;
    };
    const scaled = base.map((r) => 100 * r + 7);
    const a = logProbsAfter(base, true);
    const b = logProbsAfter(scaled, true);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i] ?? NaN, 4));
    // Without normalisation the scale changes the update (Adam's step size is not scale-free at ε = 1e-3).
    const c = logProbsAfter(base, false);
    const d = logProbsAfter(scaled, false);
    expect(Math.max(...c.map((v, i) => Math.abs(v - (d[i] ?? NaN))))).toBeGreaterThan(1e-3);
  });

  it('entropyReduction mean weighs the entropy per decision; the default sum weighs the summed entropy, as the official code', () => {
    expect(controllerConfigSchema.parse({}).entropyReduction).toBe('sum');
    const rewards = [0.3, 0.7];
    for (const reduction of ['sum', 'mean'] as const) {
      const { controller, batch } = batchOf(2, rewards, { entropyReduction: reduction, entropyWeight: 0.1, baselineDecay: 0.5 });
      // The baseline is a moving average of the shaped rewards r + 0.1 · entropy, so it shows which entropy was used.
      let b = 0;
      for (const s of batch) {
        const entropy = reduction === 'mean' ? s.entropy / s.tokens.length : s.entropy;
        b -= 0.5 * (b - (s.reward + 0.1 * entropy));
      }
      const stats = controller.update(batch);
      expect(stats.baseline, reduction).toBeCloseTo(b, 10);
      // The reported entropy stays the summed one whatever the bonus uses.
      expect(stats.meanEntropy, reduction).toBeCloseTo((batch[0]!.entropy + batch[1]!.entropy) / 2, 10);
      controller.dispose();
    }
  });

  it.each([
    { space: 'micro', numNodes: 5 },
    { space: 'macro', numLayers: 12 },
    { space: 'rnn', numNodes: 12 },
  ])('takes one decision per arc token, so a mean over tokens is a mean over decisions ($space)', (spaceConfig) => {
    const s = createSearchSpace(spaceConfigSchema.parse(spaceConfig));
    const controller = createController(s, controllerConfigSchema.parse({ lstmSize: 8 }), 3);
    const sample = controller.sample();
    expect(sample.decisions.length).toBe(sample.tokens.length);
    expect(sample.tokens.length).toBe(s.arcLength);
    controller.dispose();
  });

  it("Adam: kingma-ba's first step is lr·g/(|g| + ε) per weight; tf1's is ε-limited by the uncorrected √v", () => {
    const g = 1e-3;
    const lr = 0.01;
    const stepOf = (correction: 'tf1' | 'kingma-ba', beta1: number, epsilon: number): number => {
      const variable = tf.variable(tf.zeros([1]));
      const adam = createAdam([{ name: 'w', variable }], { beta1, epsilon, correction });
      tf.tidy(() => adam.apply(new Map([['w', tf.tensor1d([g])]]), 1, lr));
      const moved = -(variable.dataSync()[0] ?? NaN);
      adam.dispose();
      variable.dispose();
      return moved;
    };
    expect(stepOf('kingma-ba', 0.9, 1e-8)).toBeCloseTo((lr * g) / (g + 1e-8), 7);
    // TF1: lr·√(1−β2)·g / (√((1−β2)g²) + ε) = lr·0.0316·1e-3 / (3.16e-5 + 1e-3): about 3% of a full step.
    const tf1 = stepOf('tf1', 0, 1e-3);
    expect(tf1).toBeCloseTo((lr * Math.sqrt(0.001) * g) / (Math.sqrt(0.001) * g + 1e-3), 7);
    expect(tf1 / lr).toBeLessThan(0.04);
  });

  it('opBiasInit 0 with normalCellOpOffset 0 starts every op uniform; the official defaults prefer separable convolutions', () => {
    const opShare = (overrides: Record<string, unknown>): number => {
      const controller = createController(space, controllerConfigSchema.parse({ lstmSize: 8, ...overrides }), 7);
      let sep = 0;
      let ops = 0;
      for (let i = 0; i < 200; i++) {
        const { tokens } = controller.sample();
        tokens.forEach((t, p) => {
          if (p % 2 === 1) {
            ops += 1;
            if (t < 2) sep += 1;
          }
        });
      }
      controller.dispose();
      return sep / ops;
    };
    // 2 of 5 ops are separable convolutions: 0.4 under a uniform policy (1,600 decisions: SE 0.012).
    expect(Math.abs(opShare({ opBiasInit: 0, normalCellOpOffset: 0 }) - 0.4)).toBeLessThan(0.05);
    expect(opShare({})).toBeGreaterThan(0.55);
  });
});
