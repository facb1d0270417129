import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { controllerConfigSchema } from '../../shared/config/controller';
import type { ControllerConfig } from '../../shared/config/controller';
import { spaceConfigSchema } from '../../shared/config/space';
import { createSearchSpace } from '../spaces/index';
import type { AnySearchSpace } from '../spaces/index';
import { createController } from './controller';
import type { TracedDecision } from './sampling-sink';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function space(config: unknown): AnySearchSpace {
  return createSearchSpace(spaceConfigSchema.parse(config));
}

function controllerConfig(overrides: Partial<ControllerConfig> = {}): ControllerConfig {
  return controllerConfigSchema.parse(overrides);
}

/** Written out here, independent of categorical.ts: log Σ exp, shifted by the maximum. */
function referenceLogSoftmax(logits: Float32Array): number[] {
  const values = Array.from(logits);
  const max = Math.max(...values);
  const logZ = max + Math.log(values.reduce((acc, x) => acc + Math.exp(x - max), 0));
  return values.map((x) => x - logZ);
}

function referenceTotals(decisions: readonly TracedDecision[]): { logProb: number; entropy: number } {
  let logProb = 0;
  let entropy = 0;
  for (const d of decisions) {
    const lp = referenceLogSoftmax(d.logits);
    logProb += lp[d.choice] ?? NaN;
    entropy -= lp.reduce((acc, x) => acc + Math.exp(x) * x, 0);
  }
  return { logProb, entropy };
}

const DEFAULT_SPACES = [{ space: 'macro' }, { space: 'micro' }, { space: 'rnn' }] as const;

describe('ENAS controller sampling', () => {
  it.each(DEFAULT_SPACES)(
    'returns a log-probability and entropy equal to an independent sum over its decisions ($space)',
    (spaceConfig) => {
      const s = space(spaceConfig);
      // Shaping switched on so that temperature and the tanh bounds are part of the logits checked.
      const controller = createController(s, controllerConfig({ temperature: 1.7, tanhConstant: 2.5 }), 1);
      for (let i = 0; i < 3; i++) {
        const sample = controller.sample();
        const reference = referenceTotals(sample.decisions);
        expect(Math.abs(sample.logProb - reference.logProb)).toBeLessThan(1e-5);
        expect(Math.abs(sample.entropy - reference.entropy)).toBeLessThan(1e-5);
        expect(sample.logProb).toBeLessThan(0);
      }
      controller.dispose();
    },
  );

  it.each(DEFAULT_SPACES)(
    'decides every token exactly once, from as many logits as the space allows there ($space)',
    (spaceConfig) => {
      const s = space(spaceConfig);
      const controller = createController(s, controllerConfig(), 2);
      const { tokens, decisions } = controller.sample();
      expect(decisions.map((d) => d.position).sort((a, b) => a - b)).toEqual(tokens.map((_, p) => p));
      for (const d of decisions) {
        const width = d.kind === 'skip' ? 2 : s.tokenChoices[d.position];
        expect(d.logits.length).toBe(width);
        expect(tokens[d.position]).toBe(d.choice);
      }
      controller.dispose();
    },
  );

  it.each(DEFAULT_SPACES)('samples only arcs that decode in the space ($space)', (spaceConfig) => {
    const s = space(spaceConfig);
    const controller = createController(s, controllerConfig(), 3);
    for (let i = 0; i < 20; i++) expect(() => s.decode(controller.sample().tokens)).not.toThrow();
    controller.dispose();
  });

  it('gives the same samples for the same seed and different ones for another seed', () => {
    const s = space({ space: 'micro', numNodes: 3 });
    const draw = (seed: number) => {
      const controller = createController(s, controllerConfig({ lstmSize: 16 }), seed);
      const samples = Array.from({ length: 5 }, () => controller.sample());
      controller.dispose();
      return samples.map((x) => ({ tokens: x.tokens, logProb: x.logProb }));
    };
    expect(draw(11)).toEqual(draw(11));
    expect(draw(12).map((x) => x.tokens)).not.toEqual(draw(11).map((x) => x.tokens));
  });

  it.each(DEFAULT_SPACES)(
    'assigns the sampled tokens, teacher-forced in one batch, the log-probability they were sampled with ($space)',
    (spaceConfig) => {
      const s = space(spaceConfig);
      const controller = createController(s, controllerConfig({ tanhConstant: 2.5 }), 4);
      const samples = Array.from({ length: 4 }, () => controller.sample());
      const forced = controller.logProb(samples.map((x) => x.tokens));
      samples.forEach((sample, i) => {
        // float32 network against a float64 sum over up to ~80 decisions.
        expect(Math.abs((forced[i] ?? NaN) - sample.logProb)).toBeLessThan(1e-5 + 1e-6 * Math.abs(sample.logProb));
      });
      controller.dispose();
    },
  );

  it('reports for macro the skip count and the official skip KL penalty, and neither elsewhere', () => {
    const skipTarget = 0.4;
    const macro = createController(space({ space: 'macro', numLayers: 5 }), controllerConfig({ skipTarget }), 5);
    const sample = macro.sample();
    const bits = sample.decisions.filter((d) => d.kind === 'skip');
    expect(bits).toHaveLength(10);
    expect(sample.skipCount).toBe(bits.reduce((acc, d) => acc + d.choice, 0));
    // general_controller.py: per layer Σ_j Σ_c s_c·log(s_c / t_c), s = sigmoid([−q, q]), t = [1 − target, target];
    // then the mean over the layers that have skips (layers 1…4 here, with 1…4 bits).
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const perLayer = [1, 2, 3, 4].map((layer) => {
      const opPosition = layer + (layer * (layer - 1)) / 2;
      const group = bits.filter((d) => d.position > opPosition && d.position <= opPosition + layer);
      expect(group).toHaveLength(layer);
      return group.reduce((acc, d) => {
        const q = d.logits[1] ?? NaN;
        const s1 = sigmoid(q);
        const s0 = sigmoid(-q);
        return acc + s0 * Math.log(s0 / (1 - skipTarget)) + s1 * Math.log(s1 / skipTarget);
      }, 0);
    });
    expect(sample.skipPenalty).toBeCloseTo(perLayer.reduce((a, b) => a + b, 0) / 4, 9);
    expect(sample.skipPenalty).toBeGreaterThan(0);
    macro.dispose();
    const rnn = createController(space({ space: 'rnn', numNodes: 3 }), controllerConfig(), 5);
    expect(rnn.sample()).toMatchObject({ skipPenalty: null, skipCount: null });
    rnn.dispose();
  });
});
