import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microChildSchema } from '../../../shared/config/child';
import { createPrng } from '../../random/prng';
import { createSearchSpace } from '../../spaces';
import type { MicroArc } from '../../spaces';
import type { ImageBatch, ImageSupernet, WeightSnapshot } from '../supernet';
import { createMicroSupernet } from './micro-supernet';

// Tiny: 2 searched nodes per cell, 1 normal + 2 reduction cells, 4 channels, 8×8 RGB, 3 classes.
const spaceConfig = { space: 'micro', numNodes: 2, numBranches: 5 } as const;
const space = createSearchSpace(spaceConfig);
const input = { height: 8, width: 8, channels: 3, numClasses: 3 };
const child = microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 4, keepProb: 1 });

// Per node `input op input op` (ops: 0 sep3, 1 sep5, 2 avg, 3 max, 4 identity), normal cell then reduction.
const cellA = '0 0 1 1  2 0 0 2';
// B reuses A's node-2 x branch (sep3x3 from node 0) in its normal cell and nothing else of A's ops.
const arcB = space.parse('0 0 1 3  1 4 2 2   1 2 0 4  2 3 1 3');
const arcA = space.parse(`${cellA}  ${cellA}`);
// C shares no op weights with A: its separable ops read other nodes or sit in other branches.
const cellC = '1 3 0 4  1 0 1 1';
const arcC = space.parse(`${cellC}  ${cellC}`);

let net: ImageSupernet<MicroArc>;
let batch: ImageBatch;

beforeAll(async () => {
  await tf.setBackend('cpu');
  net = createMicroSupernet({ space: spaceConfig, child, input, prng: createPrng(7) });
  const prng = createPrng(3);
  batch = {
    images: tf.tensor4d(Float32Array.from({ length: 4 * 8 * 8 * 3 }, () => prng.next() * 2 - 1), [4, 8, 8, 3]),
    labels: tf.tensor1d([0, 1, 2, 1], 'int32'),
  };
});

afterAll(() => {
  net.dispose();
  tf.dispose([batch.images, batch.labels]);
});

function outputOf(arc: MicroArc): Float32Array {
  const logits = net.forward(batch.images, arc, { training: false });
  const values = logits.dataSync() as Float32Array;
  logits.dispose();
  return values;
}

/**
 * The weights every child uses whatever its arc: all but the per-op weights (`…/node…`) and the output
 * projection blocks of graph nodes that may or may not be loose ends. The last node (3) is always loose.
 */
function trunk(): Set<string> {
  return new Set(
    [...net.variables.keys()].filter((name) => !name.includes('/node') && !/\/output\/from[012]\//.test(name)),
  );
}

/** `after`, with the trunk put back to `before`: only the op weights of the step remain changed. */
function withTrunkOf(before: WeightSnapshot, after: WeightSnapshot): WeightSnapshot {
  const out = { ...after };
  for (const name of trunk()) out[name] = before[name] as WeightSnapshot[string];
  return out;
}

describe('micro supernet', () => {
  it('gives children that share an op the very same weight tensors', () => {
    const shared = net.usedWeightNames(arcA).filter((name) => net.usedWeightNames(arcB).includes(name));
    const sharedOp = shared.filter((name) => name.includes('/node2/x/from0/sep3x3/'));
    expect(sharedOp.length).toBe(8); // two stacks × depthwise, pointwise, BN scale and offset
    expect(shared.filter((name) => name.includes('/node')).every((name) => sharedOp.includes(name))).toBe(true);
    const unshared = net.usedWeightNames(arcA).filter((name) => name.includes('/node') && !shared.includes(name));
    expect(unshared.length).toBeGreaterThan(0);
  });

  it('lists as used exactly the weights the forward pass reads', () => {
    const trainable = [...net.variables.values()].filter((v) => v.trainable);
    const prng = createPrng(11);
    for (const arc of [arcA, arcC, space.sampleUniform(prng)]) {
      const { value, grads } = tf.variableGrads(() => tf.sum(net.forward(batch.images, arc, { training: false })), trainable);
      const reached = trainable.filter((v) => grads[v.name] !== undefined).map((v) => v.name);
      const listed = net.usedWeightNames(arc).map((name) => net.variables.get(name)?.name);
      expect(new Set(reached)).toEqual(new Set(listed));
      expect(listed.length).toBe(new Set(listed).size);
      tf.dispose([value, ...Object.values(grads)]);
    }
  });

  it("changes a child's output by training another child that shares an op with it", async () => {
    const before = await net.getWeights();
    const outputB = outputOf(arcB);
    await net.trainStep(batch, arcA, { learningRate: 0.1 });
    const after = await net.getWeights();
    net.setWeights(withTrunkOf(before, after));
    expect(outputOf(arcB)).not.toEqual(outputB);
    net.setWeights(after);
  });

  it("leaves a child's output bit-exact when the trained child shares no op with it", async () => {
    const before = await net.getWeights();
    const outputC = outputOf(arcC);
    await net.trainStep(batch, arcA, { learningRate: 0.1 });
    const after = await net.getWeights();
    // Without putting the trunk back, C does see the step (everyone shares the stem and the head) …
    expect(outputOf(arcC)).not.toEqual(outputC);
    // … but through nothing else.
    net.setWeights(withTrunkOf(before, after));
    expect(outputOf(arcC)).toEqual(outputC);
    net.setWeights(after);
  });

  it('trains only the sampled path: other weights stay bit-exact and get no optimizer state', async () => {
    const fresh = createMicroSupernet({ space: spaceConfig, child, input, prng: createPrng(8) });
    const before = await fresh.getWeights();
    await fresh.trainStep(batch, arcA, { learningRate: 0.1 });
    const afterA = await fresh.getWeights();
    const usedA = new Set(fresh.usedWeightNames(arcA));
    for (const name of Object.keys(before)) {
      if (usedA.has(name)) continue;
      expect(afterA[name]?.values, name).toEqual(before[name]?.values);
    }
    // The step reached every used weight (the L2 term alone moves each of them).
    for (const name of usedA) expect(afterA[name]?.values, name).not.toEqual(before[name]?.values);
    expect(new Set(Object.keys(await fresh.optimizer.getState()))).toEqual(usedA);

    // A step on C leaves the momentum of A's own weights exactly as it was.
    const stateA = await fresh.optimizer.getState();
    await fresh.trainStep(batch, arcC, { learningRate: 0.1 });
    const stateAfterC = await fresh.optimizer.getState();
    const usedC = new Set(fresh.usedWeightNames(arcC));
    const onlyA = [...usedA].filter((name) => !usedC.has(name));
    expect(onlyA.length).toBeGreaterThan(0);
    for (const name of onlyA) expect(stateAfterC[name]?.values, name).toEqual(stateA[name]?.values);
    fresh.dispose();
  });

  it('counts the parameters a child uses, fewer for a child of pools and identities', () => {
    const sizes = new Map([...net.variables].map(([name, v]) => [name, v.size]));
    const sum = (arc: MicroArc): number => net.usedWeightNames(arc).reduce((s, n) => s + (sizes.get(n) ?? 0), 0);
    expect(net.paramCount(arcA)).toBe(sum(arcA));
    const poolsOnly = space.parse('0 2 1 3 2 4 0 2  0 2 1 3 2 4 0 2');
    expect(net.paramCount(poolsOnly)).toBeLessThan(net.paramCount(arcA));
    const total = [...net.variables.values()].reduce((s, v) => s + v.size, 0);
    expect(net.paramCount(arcA)).toBeLessThan(total);
  });

  it('restores weights and optimizer state from a checkpoint into a supernet built from another seed', async () => {
    await net.trainStep(batch, arcB, { learningRate: 0.1 });
    const copy = createMicroSupernet({ space: spaceConfig, child, input, prng: createPrng(99) });
    expect(Array.from(copy.forward(batch.images, arcA, { training: false }).dataSync())).not.toEqual(
      Array.from(outputOf(arcA)),
    );
    copy.setWeights(await net.getWeights());
    const shapes = new Map([...copy.variables].map(([name, v]) => [name, v.shape]));
    copy.optimizer.setState(await net.optimizer.getState(), shapes);
    expect(Array.from(copy.forward(batch.images, arcA, { training: false }).dataSync())).toEqual(Array.from(outputOf(arcA)));
    // The same next step from the same state gives the same weights.
    await copy.trainStep(batch, arcA, { learningRate: 0.1 });
    await net.trainStep(batch, arcA, { learningRate: 0.1 });
    expect(await copy.getWeights()).toEqual(await net.getWeights());
    copy.dispose();
  });

  it('gives logits of shape [batch, numClasses] and metrics in range', async () => {
    const logits = net.forward(batch.images, arcA, { training: true });
    expect(logits.shape).toEqual([4, 3]);
    logits.dispose();
    const metrics = await net.evaluate(batch, arcC);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(metrics.accuracy).toBeLessThanOrEqual(1);
    expect(metrics.crossEntropy).toBeGreaterThan(0);
  });

  it('refuses an image size the reductions cannot halve, an arc of another size and a bad batch', async () => {
    expect(() => createMicroSupernet({ space: spaceConfig, child, input: { ...input, height: 6 }, prng: createPrng(1) })).toThrow(
      /CHILD_BAD_CONFIG.*divisible by 4, got 6×8/,
    );
    const bigger = createSearchSpace({ space: 'micro', numNodes: 3, numBranches: 5 });
    expect(() => net.paramCount(bigger.sampleUniform(createPrng(1)))).toThrow(/ARC_BAD_LENGTH.*3 nodes, the network 2/);
    const floatLabels = tf.tensor1d([0, 1, 2, 1], 'float32');
    await expect(net.trainStep({ images: batch.images, labels: floatLabels }, arcA, { learningRate: 0.1 })).rejects.toThrow(
      /CHILD_BAD_BATCH.*labels must be int32/,
    );
    floatLabels.dispose();
  });
});
