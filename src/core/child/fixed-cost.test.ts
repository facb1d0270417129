/**
 * The analytic cost formulas of core/spaces (micro-cost.ts, macro-cost.ts, rnn-cost.ts) against the tfjs
 * fixed networks they describe: for random architectures and the "largest" one of each space, the formula's
 * parameter count must equal the trainable weights the built network holds, so neither can drift from the
 * other unnoticed.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { macroChildSchema, microChildSchema, rnnChildSchema } from '../../shared/config/child';
import { createPrng } from '../random/prng';
import { createSearchSpace } from '../spaces';
import { createCostModel } from '../spaces/arch-cost';
import { largestMacroArc } from '../spaces/macro-cost';
import { largestMicroArc } from '../spaces/micro-cost';
import { createFixedMacroNetwork } from './macro/create-macro';
import { createFixedMicroNetwork } from './micro/micro-fixed';
import { createFixedRnnNetwork } from './rnn/create-rnn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const input = { height: 8, width: 8, channels: 3, numClasses: 5 };

describe('analytic cost against the tfjs fixed networks', () => {
  it('counts exactly the parameters of the fixed micro network', () => {
    const spaceConfig = { space: 'micro', numNodes: 3, numBranches: 5 } as const;
    const space = createSearchSpace(spaceConfig);
    const child = microChildSchema.parse({ space: 'micro', numLayers: 2, outFilters: 4 });
    const model = createCostModel({ space: spaceConfig, child, input });
    const prng = createPrng(3);
    const arcs = [largestMicroArc(spaceConfig), ...Array.from({ length: 6 }, () => space.sampleUniform(prng))];
    for (const arc of arcs) {
      const net = createFixedMicroNetwork({ arc, space: spaceConfig, child, input, prng: createPrng(1) });
      expect(model.cost(space.encode(arc)).params, space.format(arc)).toBe(net.paramCount());
      net.dispose();
    }
  });

  it('counts exactly the parameters of the fixed macro network, pools and skips included', () => {
    const spaceConfig = { space: 'macro', numLayers: 5, numBranches: 6 } as const;
    const space = createSearchSpace(spaceConfig);
    const child = macroChildSchema.parse({ space: 'macro', outFilters: 4, poolLayers: [0, 2] });
    const model = createCostModel({ space: spaceConfig, child, input });
    const prng = createPrng(4);
    const arcs = [largestMacroArc(spaceConfig), ...Array.from({ length: 6 }, () => space.sampleUniform(prng))];
    for (const arc of arcs) {
      const net = createFixedMacroNetwork({ arc, space: spaceConfig, child, input, prng: createPrng(1) });
      expect(model.cost(space.encode(arc)).params, space.format(arc)).toBe(net.paramCount());
      net.dispose();
    }
  });

  it('counts exactly the parameters of the fixed rnn language model', () => {
    const spaceConfig = { space: 'rnn', numNodes: 4, numActivations: 4 } as const;
    const space = createSearchSpace(spaceConfig);
    const child = rnnChildSchema.parse({ space: 'rnn', hiddenSize: 6 });
    const model = createCostModel({ space: spaceConfig, child, vocabSize: 11 });
    const prng = createPrng(5);
    for (let i = 0; i < 4; i++) {
      const arc = space.sampleUniform(prng);
      const net = createFixedRnnNetwork({ arc, space: spaceConfig, child, vocabSize: 11, prng: createPrng(1) });
      expect(model.cost(space.encode(arc)).params, space.format(arc)).toBe(net.paramCount());
      net.dispose();
    }
  });

  it('counts multiply-adds as hand-checked on a two-layer macro network', () => {
    // conv3x3 then sep3x3 with a skip from the stem, C = 4, 8×8 RGB, no pooling, 5 classes:
    // stem 3·3·3·4·64 = 6912; layer 0 conv3x3 3·3·4·4·64 = 9216; layer 1 sep3x3 (3·3·4 + 4·4)·64 = 3328 and
    // its 1×1 projection of [stem, op] (8 → 4 channels) 8·4·64 = 2048; head 4·5 = 20.
    const spaceConfig = { space: 'macro', numLayers: 2, numBranches: 6 } as const;
    const child = macroChildSchema.parse({ space: 'macro', outFilters: 4, poolLayers: [] });
    const model = createCostModel({ space: spaceConfig, child, input });
    expect(model.cost([0, 1, 1]).flops).toBe(6912 + 9216 + 3328 + 2048 + 20);
  });

  it('puts the largest architecture above random ones in micro and macro', () => {
    const micro = { space: 'micro', numNodes: 4, numBranches: 5 } as const;
    const macro = { space: 'macro', numLayers: 6, numBranches: 6 } as const;
    const microSpace = createSearchSpace(micro);
    const macroSpace = createSearchSpace(macro);
    const models = [
      {
        sample: () => microSpace.encode(microSpace.sampleUniform(prng)),
        model: createCostModel({ space: micro, child: microChildSchema.parse({ space: 'micro', numLayers: 3, outFilters: 8 }), input }),
      },
      {
        sample: () => macroSpace.encode(macroSpace.sampleUniform(prng)),
        model: createCostModel({ space: macro, child: macroChildSchema.parse({ space: 'macro', outFilters: 8 }), input }),
      },
    ];
    const prng = createPrng(6);
    for (const { sample, model } of models) {
      for (let i = 0; i < 300; i++) {
        const cost = model.cost(sample());
        expect(cost.params).toBeLessThanOrEqual(model.largest.params);
        expect(cost.flops).toBeLessThanOrEqual(model.largest.flops);
      }
    }
  });
});
