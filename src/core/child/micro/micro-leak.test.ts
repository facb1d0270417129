import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, it } from 'vitest';
import { microChildSchema } from '../../../shared/config/child';
import { createPrng } from '../../random/prng';
import { createSearchSpace } from '../../spaces';
import { createMicroSupernet } from './micro-supernet';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// docs/reliability.md T5.2: sample and train one step on 200 children (evaluating some); after a burn-in the only new
// tensors may be the momentum slots of weights trained for the first time (one tensor each).
it('leaks no tensor over 200 sampled children of a tiny micro supernet', async () => {
  const spaceConfig = { space: 'micro', numNodes: 2, numBranches: 5 } as const;
  const space = createSearchSpace(spaceConfig);
  const child = microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 2, keepProb: 0.5, dropPathKeepProb: 0.5 });
  const prng = createPrng(2024);
  const net = createMicroSupernet({ space: spaceConfig, child, input: { height: 4, width: 4, channels: 1, numClasses: 2 }, prng });
  const batch = { images: tf.randomUniform([2, 4, 4, 1], 0, 1, 'float32', 1) as tf.Tensor4D, labels: tf.tensor1d([0, 1], 'int32') };
  const run = async (i: number): Promise<void> => {
    const arc = space.sampleUniform(prng);
    const metrics = await net.trainStep(batch, arc, { learningRate: 0.05, progress: 0.5 });
    expect(Number.isFinite(metrics.loss)).toBe(true);
    // Evaluation takes another path (no tape); every tenth child is enough to catch a leak there.
    if (i % 10 === 0) await net.evaluate(batch, arc);
  };
  for (let i = 0; i < 5; i++) await run(i);
  const baseline = tf.memory().numTensors - net.optimizer.slotCount;
  for (let i = 0; i < 200; i++) {
    await run(i);
    expect(tf.memory().numTensors - net.optimizer.slotCount).toBe(baseline);
  }
  net.dispose();
  tf.dispose([batch.images, batch.labels]);
  expect(tf.memory().numTensors).toBe(0);
});
