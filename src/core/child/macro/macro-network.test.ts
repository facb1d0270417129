import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { macroChildSchema } from '../../../shared/config/child';
import { createPrng } from '../../random/prng';
import { createSearchSpace } from '../../spaces';
import type { MacroArc } from '../../spaces';
import type { ImageBatch, ImageSupernet, WeightSnapshot } from '../supernet';
import { createFixedMacroNetwork, createMacroSupernet } from './create-macro';

const spaceConfig = { space: 'macro', numLayers: 4, numBranches: 6 } as const;
const space = createSearchSpace(spaceConfig);
const input = { height: 8, width: 8, channels: 3, numClasses: 3 };
// Per layer: op (0 conv3, 1 sep3, 2 conv5, 3 sep5, 4 avg, 5 max), then one skip bit per earlier node.
const arcA = space.parse('0  1 1  2 0 1  3 0 0 1');
const arcB = space.parse('4  5 0  2 0 0  5 0 0 0'); // shares A's layer-2 conv5x5, nothing else
const arcC = space.parse('1  0 0  3 1 0  2 1 0 0'); // other ops and other skips at every layer

let batch: ImageBatch;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const prng = createPrng(3);
  batch = {
    images: tf.tensor4d(Float32Array.from({ length: 4 * 8 * 8 * 3 }, () => prng.next() * 2 - 1), [4, 8, 8, 3]),
    labels: tf.tensor1d([0, 1, 2, 1], 'int32'),
  };
});

afterAll(() => tf.dispose([batch.images, batch.labels]));

function outputOf(net: ImageSupernet<MacroArc>, arc: MacroArc): number[] {
  const logits = net.forward(batch.images, arc, { training: false });
  const values = Array.from(logits.dataSync());
  logits.dispose();
  return values;
}

// The official search graph (the default) and the fixed network's form, each with its default batch norm.
const FORMS = [
  { searchLayer: 'enas-layer', searchBatchNorm: 'moving' },
  { searchLayer: 'fixed-layer', searchBatchNorm: 'batch' },
] as const;

describe.each(FORMS)('macro supernet, $searchLayer with $searchBatchNorm batch norm', (form) => {
  // Without pooling, every child uses the stem, each layer's skip batch norm (and, in the fixed form, its
  // self projection), and the head; ops and skip blocks are what children may share.
  const child = macroChildSchema.parse({ space: 'macro', outFilters: 4, keepProb: 1, poolLayers: [], ...form });
  const isTrunk = (name: string): boolean => !/^layer\d+\/(conv|sep|avg|max)/.test(name) && !name.includes('/skip/from');

  async function stepOnAThenRestoreTrunk(net: ImageSupernet<MacroArc>): Promise<void> {
    const before = await net.getWeights();
    await net.trainStep(batch, arcA, { learningRate: 0.1 });
    const after = await net.getWeights();
    const hybrid: WeightSnapshot = { ...after };
    for (const name of Object.keys(after)) if (isTrunk(name)) hybrid[name] = before[name] as WeightSnapshot[string];
    net.setWeights(hybrid);
  }

  it("changes a child's output through an op it shares with the trained child, and only then", async () => {
    const net = createMacroSupernet({ space: spaceConfig, child, input, prng: createPrng(1) });
    const [outB, outC] = [outputOf(net, arcB), outputOf(net, arcC)];
    await stepOnAThenRestoreTrunk(net);
    expect(outputOf(net, arcB)).not.toEqual(outB);
    expect(outputOf(net, arcC)).toEqual(outC);
    net.dispose();
  });

  it('lists as used exactly the weights the forward pass reads, factorized reductions included', () => {
    const net = createMacroSupernet({
      space: spaceConfig,
      child: { ...child, poolLayers: null },
      input,
      prng: createPrng(2),
    });
    const trainable = [...net.variables.values()].filter((v) => v.trainable);
    const prng = createPrng(5);
    for (const arc of [arcA, arcC, space.sampleUniform(prng)]) {
      const { value, grads } = tf.variableGrads(() => tf.sum(net.forward(batch.images, arc, { training: false })), trainable);
      const reached = trainable.filter((v) => grads[v.name] !== undefined).map((v) => v.name);
      const listed = net.usedWeightNames(arc).map((name) => net.variables.get(name)?.name);
      expect(new Set(reached)).toEqual(new Set(listed));
      tf.dispose([value, ...Object.values(grads)]);
    }
    // Default pools after layers 0 and 1 (⌊4/3⌋ − 1, 2⌊4/3⌋ − 1). In A, layer 1 (stage 1) skips from the
    // stem (node 0, stage 0) and layer 3 (stage 2) from layer 1's output (node 2, stage 1): each read
    // climbs one pool.
    expect(net.usedWeightNames(arcA)).toEqual(expect.arrayContaining(['pool0/from0/path1/w', 'pool1/from2/path1/w']));
    expect(net.usedWeightNames(arcA)).not.toContain('pool1/from0/path1/w');
    expect(net.usedWeightNames(space.parse('0  0 0  0 0 0  0 0 0 0'))).not.toContain('pool0/from0/path1/w');
    net.dispose();
  });

  it('trains only the sampled path and keeps no optimizer state for the rest', async () => {
    const net = createMacroSupernet({ space: spaceConfig, child, input, prng: createPrng(3) });
    const before = await net.getWeights();
    await net.trainStep(batch, arcA, { learningRate: 0.1 });
    const after = await net.getWeights();
    const used = new Set(net.usedWeightNames(arcA));
    // A batch norm the child ran also moves its averages (searchBatchNorm 'moving'); nothing else changes.
    const ran = (name: string): boolean => used.has(name.replace(/\/moving_(mean|variance)$/, '/scale'));
    for (const name of Object.keys(before)) {
      if (!ran(name)) expect(after[name]?.values, name).toEqual(before[name]?.values);
    }
    expect(new Set(Object.keys(await net.optimizer.getState()))).toEqual(used);
    expect(net.paramCount(arcA)).toBeLessThan([...net.variables.values()].reduce((s, v) => s + v.size, 0));
    net.dispose();
  });

  it('leaks no tensor over 30 sampled children', async () => {
    // Smaller still (4×4 grey images, 2 channels): the cpu backend's convolution gradients are slow.
    const tiny = { height: 4, width: 4, channels: 1, numClasses: 2 };
    const config = { ...child, outFilters: 2, poolLayers: null, keepProb: 0.5 };
    const net = createMacroSupernet({ space: spaceConfig, child: config, input: tiny, prng: createPrng(4) });
    const small = { images: tf.randomUniform([2, 4, 4, 1], 0, 1, 'float32', 1) as tf.Tensor4D, labels: tf.tensor1d([0, 1], 'int32') };
    const prng = createPrng(6);
    const run = async (): Promise<void> => {
      const arc = space.sampleUniform(prng);
      await net.trainStep(small, arc, { learningRate: 0.05 });
      await net.evaluate(small, arc);
    };
    for (let i = 0; i < 3; i++) await run();
    const baseline = tf.memory().numTensors - net.optimizer.slotCount;
    for (let i = 0; i < 30; i++) {
      await run();
      expect(tf.memory().numTensors - net.optimizer.slotCount).toBe(baseline);
    }
    net.dispose();
    tf.dispose([small.images, small.labels]);
  });
});

describe('fixed macro network', () => {
  const child = macroChildSchema.parse({ space: 'macro', outFilters: 4, keepProb: 1 });

  it('holds only its own op and skip weights and doubles the channels at each pooling', () => {
    const fixed = createFixedMacroNetwork({ arc: arcA, space: spaceConfig, child, input, prng: createPrng(1) });
    const names = [...fixed.variables.keys()];
    expect(names.filter((n) => /^layer\d+\/(conv|sep)/.test(n) && n.endsWith('/w')).sort()).toEqual(['layer0/conv3x3/w', 'layer2/conv5x5/w']);
    expect(names.filter((n) => n.includes('/skip/from')).sort()).toEqual(['layer1/skip/from0/w', 'layer2/skip/from1/w', 'layer3/skip/from2/w']);
    // Pools after layers 0 and 1: layer 2 and 3 run at 4× the channels.
    expect(fixed.variables.get('layer0/conv3x3/w')?.shape).toEqual([3, 3, 4, 4]);
    expect(fixed.variables.get('layer2/conv5x5/w')?.shape).toEqual([5, 5, 16, 16]);
    expect(fixed.variables.get('fc/w')?.shape).toEqual([16, 3]);
    fixed.dispose();
  });

  it('gives logits of shape [batch, numClasses] and lowers the loss in a few steps', async () => {
    const fixed = createFixedMacroNetwork({ arc: arcA, space: spaceConfig, child, input, prng: createPrng(2) });
    const logits = fixed.forward(batch.images, { training: false });
    expect(logits.shape).toEqual([4, 3]);
    logits.dispose();
    fixed.dispose();
    // Training on 4×4 images: the cpu backend's convolution gradients are slow.
    const small = { ...input, height: 4, width: 4 };
    const net = createFixedMacroNetwork({ arc: arcA, space: spaceConfig, child, input: small, prng: createPrng(2) });
    const images = tf.slice(batch.images, [0, 0, 0, 0], [4, 4, 4, 3]) as tf.Tensor4D;
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) {
      losses.push((await net.trainStep({ images, labels: batch.labels }, { learningRate: 0.05 })).crossEntropy);
    }
    expect((losses[6] ?? 0) + (losses[7] ?? 0)).toBeLessThan(((losses[0] ?? 0) + (losses[1] ?? 0)) * 0.7);
    net.dispose();
    images.dispose();
  });

  it('refuses an arc with another number of layers or a pool layer out of range', () => {
    const short = createSearchSpace({ space: 'macro', numLayers: 3, numBranches: 6 }).parse('0  0 0  0 0 0');
    expect(() => createFixedMacroNetwork({ arc: short, space: spaceConfig, child, input, prng: createPrng(1) })).toThrow(
      /ARC_BAD_LENGTH: macro arc has 3 layers, the network 4/,
    );
    expect(() =>
      createMacroSupernet({ space: spaceConfig, child: { ...child, poolLayers: [1, 4] }, input, prng: createPrng(1) }),
    ).toThrow(/CHILD_BAD_CONFIG: macro poolLayers must be ascending layer indices in \[0, 4\), got \[1, 4\]/);
  });
});
