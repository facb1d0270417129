import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { rnnChildSchema } from '../../../shared/config/child';
import { createPrng } from '../../random/prng';
import { createSearchSpace } from '../../spaces';
import type { TokenBatch } from '../supernet';
import { createFixedRnnNetwork, createRnnSupernet } from './create-rnn';

const spaceConfig = { space: 'rnn', numNodes: 4, numActivations: 4 } as const;
const space = createSearchSpace(spaceConfig);
const vocabSize = 7;
// Official token order: node 0's activation, then `prev activation` per node (0 tanh, 1 relu, 2 id, 3 sigmoid).
const arcA = space.parse('0  0 1  1 3  1 2'); // nodes 2 and 3 both read node 1: loose ends 2 and 3
const arcB = space.parse('1  0 0  0 3  2 1');
// Dropout off: these tests look at the recurrence and the weight sharing, not the regularisation.
const noDropout = { embeddingKeepProb: 1, inputKeepProb: 1, stateKeepProb: 1, outputKeepProb: 1 };
const child = rnnChildSchema.parse({ space: 'rnn', hiddenSize: 6, bpttSteps: 5, ...noDropout });
// Half the paper's rate (20) under its gradient bound 0.25: on this tiny problem 20 learns too, with spikes.
const learningRate = child.lrMax / 2;

/** Rows of a repeating sequence 0 1 2 … 6 0 1 …, each row starting elsewhere; targets are the next tokens. */
function periodicBatch(batchSize: number, steps: number, offset = 0): TokenBatch {
  const token = (b: number, t: number): number => (b * 3 + t + offset) % vocabSize;
  const inputs = Int32Array.from({ length: batchSize * steps }, (_, i) => token(Math.floor(i / steps), i % steps));
  const targets = Int32Array.from({ length: batchSize * steps }, (_, i) => token(Math.floor(i / steps), (i % steps) + 1));
  return { inputs, targets, batchSize, steps };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('rnn supernet', () => {
  it('carries the hidden state from batch to batch until it is reset', async () => {
    const net = createRnnSupernet({ space: spaceConfig, child, vocabSize, prng: createPrng(1) });
    const batch = periodicBatch(2, 4);
    const first = await net.evaluate(batch, arcA);
    const second = await net.evaluate(batch, arcA);
    expect(second.crossEntropy).not.toBe(first.crossEntropy);
    net.resetState('eval');
    expect((await net.evaluate(batch, arcA)).crossEntropy).toBe(first.crossEntropy);
    expect(first.perplexity).toBeCloseTo(Math.exp(first.crossEntropy), 10);
    // Untrained, the model is close to uniform over the 7 tokens.
    expect(first.perplexity).toBeGreaterThan(5);
    expect(first.perplexity).toBeLessThan(9);
    net.dispose();
  });

  it('runs truncated BPTT: one update per chunk of bpttSteps steps', async () => {
    const net = createRnnSupernet({ space: spaceConfig, child, vocabSize, prng: createPrng(2) });
    const apply = vi.spyOn(net.optimizer, 'apply');
    await net.trainStep(periodicBatch(2, 12), arcA, { learningRate: 0.5 });
    expect(apply).toHaveBeenCalledTimes(3); // 5 + 5 + 2 steps
    net.dispose();
  });

  it('learns a periodic sequence: perplexity falls well below the uniform 7', async () => {
    const net = createRnnSupernet({ space: spaceConfig, child: { ...child, hiddenSize: 16 }, vocabSize, prng: createPrng(3) });
    let metrics = await net.trainStep(periodicBatch(4, 10), arcA, { learningRate });
    const initial = metrics.perplexity;
    for (let i = 1; i < 20; i++) metrics = await net.trainStep(periodicBatch(4, 10, i * 10), arcA, { learningRate });
    expect(initial).toBeGreaterThan(5);
    expect(metrics.perplexity).toBeLessThan(3);
    net.dispose();
  });

  it('trains only the sampled cell weights and ties the softmax to the embedding', async () => {
    const net = createRnnSupernet({ space: spaceConfig, child: { ...child, embeddingKeepProb: 0.5, stateKeepProb: 0.5 }, vocabSize, prng: createPrng(4) });
    expect([...net.variables.keys()].filter((n) => !n.startsWith('cell/'))).toEqual(['embedding/w']);
    expect(net.usedWeightNames(arcA)).toEqual(['embedding/w', 'cell/node0/0/w', 'cell/node1/from0/1/w', 'cell/node2/from1/3/w', 'cell/node3/from1/2/w']);
    const before = await net.getWeights();
    await net.trainStep(periodicBatch(2, 5), arcA, { learningRate: 0.5 });
    const after = await net.getWeights();
    const used = new Set(net.usedWeightNames(arcA));
    for (const name of Object.keys(before)) {
      if (used.has(name)) expect(after[name]?.values, name).not.toEqual(before[name]?.values);
      else expect(after[name]?.values, name).toEqual(before[name]?.values);
    }
    // B's nodes pick other (prev, activation) pairs than A's: the two share the embedding alone.
    expect(net.usedWeightNames(arcB).filter((n) => used.has(n))).toEqual(['embedding/w']);
    expect(net.paramCount(arcA)).toBe(7 * 6 + 12 * 12 + 3 * 6 * 12);
    net.dispose();
  });

  it('leaks no tensor over 30 sampled children, with every dropout on', async () => {
    const net = createRnnSupernet({ space: spaceConfig, child: rnnChildSchema.parse({ space: 'rnn', hiddenSize: 4, bpttSteps: 3 }), vocabSize, prng: createPrng(5) });
    const prng = createPrng(6);
    const run = async (i: number): Promise<void> => {
      const arc = space.sampleUniform(prng);
      await net.trainStep(periodicBatch(2, 7, i), arc, { learningRate: 0.5 });
      await net.evaluate(periodicBatch(2, 4, i), arc);
    };
    for (let i = 0; i < 3; i++) await run(i);
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      await run(i);
      expect(tf.memory().numTensors).toBe(baseline);
    }
    net.dispose();
  });

  it('refuses tokens outside the vocabulary and an arc of another size', async () => {
    const net = createRnnSupernet({ space: spaceConfig, child, vocabSize, prng: createPrng(7) });
    const bad = { ...periodicBatch(1, 3), inputs: Int32Array.from([0, 9, 1]) };
    await expect(net.trainStep(bad, arcA, { learningRate: 1 })).rejects.toThrow(/CHILD_BAD_BATCH: token batch inputs\[1\] = 9 is outside the vocabulary \[0, 7\)/);
    const other = createSearchSpace({ space: 'rnn', numNodes: 3, numActivations: 4 }).parse('0 0 0 1 1');
    expect(() => net.paramCount(other)).toThrow(/ARC_BAD_LENGTH: rnn arc has 3 nodes, the network 4/);
    net.dispose();
  });
});

describe('fixed rnn network', () => {
  it('holds the embedding and one weight per node, and learns', async () => {
    const fixed = createFixedRnnNetwork({
      arc: arcB,
      space: spaceConfig,
      child: { ...child, hiddenSize: 16 },
      vocabSize,
      prng: createPrng(8),
    });
    expect([...fixed.variables.keys()]).toEqual(['embedding/w', 'cell/node0/1/w', 'cell/node1/from0/0/w', 'cell/node2/from0/3/w', 'cell/node3/from2/1/w']);
    const initial = (await fixed.evaluate(periodicBatch(4, 10))).perplexity;
    for (let i = 0; i < 20; i++) await fixed.trainStep(periodicBatch(4, 10, i * 10), { learningRate });
    fixed.resetState();
    expect((await fixed.evaluate(periodicBatch(4, 10))).perplexity).toBeLessThan(initial / 2);
    fixed.dispose();
  });
});
