import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { microChildSchema } from '../../../shared/config/child';
import { createPrng } from '../../random/prng';
import type { Prng } from '../../random/prng';
import { createSearchSpace } from '../../spaces';
import type { ImageBatch } from '../supernet';
import { createFixedMicroNetwork } from './micro-fixed';
import { createMicroSupernet } from './micro-supernet';

const spaceConfig = { space: 'micro', numNodes: 3, numBranches: 5 } as const;
const space = createSearchSpace(spaceConfig);
const input = { height: 8, width: 8, channels: 3, numClasses: 2 };
// Normal: node 2 = sep3(0) + identity(1), node 3 = avg(2) + sep3(1), node 4 = max(0) + identity(3): loose 4.
// Reduction: node 2 = sep3(0) + identity(1) strided, node 3 = max(1) + identity(0) strided, node 4 =
// avg(2) + identity(3): loose 4 only.
const arc = space.parse('0 0 1 4  2 2 1 0  0 3 3 4   0 0 1 4  1 3 0 4  2 2 3 4');

/** Two classes told apart by the sign of the mean brightness: learnable in a few steps. */
function syntheticBatch(prng: Prng, n: number, side: number): ImageBatch {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const perImage = side * side * 3;
  const pixels = Float32Array.from({ length: n * perImage }, (_, j) => {
    const label = labels[Math.floor(j / perImage)] ?? 0;
    return (label === 1 ? 0.5 : -0.5) + (prng.next() - 0.5);
  });
  return { images: tf.tensor4d(pixels, [n, side, side, 3]), labels: tf.tensor1d(labels, 'int32') };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fixed micro network', () => {
  it('holds the weights of its own ops only, far fewer than the supernet', () => {
    const child = microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 4 });
    const fixed = createFixedMicroNetwork({ arc, space: spaceConfig, child, input, prng: createPrng(1) });
    const names = [...fixed.variables.keys()];
    expect(names.some((n) => n.includes('sep5x5'))).toBe(false);
    // Two sep3x3 in the normal cell and one in the reduction cell, in each of the 1 + 2 cells' own arc.
    const sepOps = new Set(names.filter((n) => n.includes('sep3x3')).map((n) => n.split('/stack')[0]));
    expect(sepOps.size).toBe(2 + 1 + 1);
    expect(names.filter((n) => n.includes('/node4/x/')).length).toBe(0); // max pool: no weights
    const supernet = createMicroSupernet({ space: spaceConfig, child, input, prng: createPrng(1) });
    expect(fixed.paramCount()).toBeLessThan(supernet.paramCount(arc) * 2);
    expect(fixed.variables.size).toBeLessThan(supernet.variables.size / 4);
    fixed.dispose();
    supernet.dispose();
  });

  it('grows with numLayers and outFilters, as a retrain at a larger size does', () => {
    const small = microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 4 });
    const large = microChildSchema.parse({ space: 'micro', numLayers: 4, outFilters: 8 });
    const a = createFixedMicroNetwork({ arc, space: spaceConfig, child: small, input, prng: createPrng(1) });
    const b = createFixedMicroNetwork({ arc, space: spaceConfig, child: large, input, prng: createPrng(1) });
    expect(b.paramCount()).toBeGreaterThan(4 * a.paramCount());
    const images = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    for (const net of [a, b]) {
      const logits = net.forward(images, { training: false });
      expect(logits.shape).toEqual([2, 2]);
      logits.dispose();
      net.dispose();
    }
    images.dispose();
  });

  it('lowers the loss on a tiny synthetic problem within a few steps, with drop-path on', async () => {
    const child = microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 4, dropPathKeepProb: 0.8 });
    // 4×4 images: the pure-JS cpu backend computes convolution filter gradients very slowly.
    const small = { ...input, height: 4, width: 4 };
    const net = createFixedMicroNetwork({ arc, space: spaceConfig, child, input: small, prng: createPrng(3) });
    const batch = syntheticBatch(createPrng(4), 8, 4);
    const losses: number[] = [];
    let tensors = 0;
    for (let step = 0; step < 10; step++) {
      const metrics = await net.trainStep(batch, { learningRate: 0.05, progress: (step + 1) / 10 });
      losses.push(metrics.crossEntropy);
      // Every weight has its momentum slot after the first step; from then on nothing may accumulate,
      // batch-norm moving averages included.
      if (step === 1) tensors = tf.memory().numTensors;
      if (step > 1) expect(tf.memory().numTensors).toBe(tensors);
    }
    const first = (losses[0] ?? 0) + (losses[1] ?? 0);
    const last = (losses[8] ?? 0) + (losses[9] ?? 0);
    expect(last).toBeLessThan(first * 0.7);
    net.dispose();
    tf.dispose([batch.images, batch.labels]);
  });

  it('drops paths in training only: inference is deterministic and uses the moving averages', () => {
    const child = microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 4, dropPathKeepProb: 0.5, keepProb: 1 });
    const net = createFixedMicroNetwork({ arc, space: spaceConfig, child, input, prng: createPrng(5) });
    const { images, labels } = syntheticBatch(createPrng(6), 4, 8);
    const run = (training: boolean): number[] => {
      const logits = net.forward(images, { training, progress: 1 });
      const values = Array.from(logits.dataSync());
      logits.dispose();
      return values;
    };
    const inference = run(false);
    expect(run(false)).toEqual(inference);
    const trainA = run(true);
    const trainB = run(true);
    expect(trainA).not.toEqual(trainB);
    // The training passes moved the moving averages, so inference changed too.
    expect(run(false)).not.toEqual(inference);
    net.dispose();
    tf.dispose([images, labels]);
  });

  it('refuses an arc whose cells have another number of nodes', () => {
    const child = microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 4 });
    const other = createSearchSpace({ space: 'micro', numNodes: 2, numBranches: 5 }).sampleUniform(createPrng(1));
    expect(() => createFixedMicroNetwork({ arc: other, space: spaceConfig, child, input, prng: createPrng(1) })).toThrow(
      /ARC_BAD_LENGTH: micro normal cell has 2 nodes, the network 3/,
    );
  });
});
