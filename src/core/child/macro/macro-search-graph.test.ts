/**
 * The macro supernet's default form is the official search graph (general_child.py `_enas_layer`,
 * whole_channels): checked against a forward pass composed by hand from the weights, op by op as the
 * official code writes it, in evaluation (moving averages) and in training (batch statistics).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { macroChildSchema } from '../../../shared/config/child';
import { createPrng } from '../../random/prng';
import { createSearchSpace } from '../../spaces';
import type { ImageSupernet, WeightSnapshot } from '../supernet';
import type { MacroArc } from '../../spaces';
import { createMacroSupernet } from './create-macro';

const spaceConfig = { space: 'macro', numLayers: 4, numBranches: 6 } as const;
const space = createSearchSpace(spaceConfig);
const input = { height: 4, width: 4, channels: 3, numClasses: 2 };
const child = macroChildSchema.parse({ space: 'macro', outFilters: 4, keepProb: 1, poolLayers: [], searchLayer: 'enas-layer', searchBatchNorm: 'moving' });
// sep3x3; conv5x5 + skip from the stem; max3x3 + skip from layer 0; avg3x3 + skips from layers 0 and 1.
const arc = space.parse('1  2 1  5 0 1  4 0 1 1');
const OPS = ['conv3x3', 'sep3x3', 'conv5x5', 'sep5x5', 'avg3x3', 'max3x3'];
const EPSILON = 1e-3;

let images: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  images = tf.randomUniform([3, 4, 4, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
});

afterAll(() => images.dispose());

/** Every batch-norm scale, offset and moving average set to random values, so none of them is neutral. */
async function randomiseBatchNorms(net: ImageSupernet<MacroArc>, seed: number): Promise<void> {
  const prng = createPrng(seed);
  const weights: WeightSnapshot = await net.getWeights();
  for (const [name, { shape, values }] of Object.entries(weights)) {
    const positive = name.endsWith('/scale') || name.endsWith('/moving_variance');
    if (!/\/(scale|offset|moving_mean|moving_variance)$/.test(name)) continue;
    weights[name] = { shape, values: values.map(() => (positive ? 0.5 + prng.next() : prng.next() - 0.5)) };
  }
  net.setWeights(weights);
}

/** The official search graph composed from `net`'s weights; `batchStats` normalises as a training pass does. */
function reference(net: ImageSupernet<MacroArc>, x: tf.Tensor4D, batchStats: boolean): tf.Tensor2D {
  const w = <R extends tf.Rank>(name: string): tf.Tensor<R> => {
    const v = net.variables.get(name);
    if (v === undefined) throw new Error(`no weight ${name}`);
    return v as unknown as tf.Tensor<R>;
  };
  const bn = (t: tf.Tensor4D, name: string): tf.Tensor4D => {
    const { mean, variance } = batchStats
      ? tf.moments(t, [0, 1, 2])
      : { mean: w(`${name}/moving_mean`), variance: w(`${name}/moving_variance`) };
    const normal = tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, EPSILON)));
    return tf.add(tf.mul(normal, w(`${name}/scale`)), w(`${name}/offset`));
  };
  const conv = (t: tf.Tensor4D, name: string): tf.Tensor4D => bn(tf.conv2d(t, w<tf.Rank.R4>(`${name}/w`), 1, 'same'), `${name}/bn`);
  const nodes = [conv(x, 'stem')];
  arc.layers.forEach(({ op, skips }, k) => {
    const name = `layer${k}/${OPS[op]}`;
    const h = tf.relu(conv(nodes[k] as tf.Tensor4D, `${name}/inp_conv`)); // 1×1 conv → BN → ReLU
    let out: tf.Tensor4D;
    if (op === 4) out = tf.avgPool(h, 3, 1, 'same');
    else if (op === 5) out = tf.maxPool(h, 3, 1, 'same');
    else if (op % 2 === 0) out = tf.relu(conv(h, `${name}/out_conv`));
    else {
      const sep = tf.separableConv2d(h, w(`${name}/out_conv/depthwise`), w(`${name}/out_conv/pointwise`), 1, 'same');
      out = tf.relu(bn(sep, `${name}/out_conv/bn`));
    }
    if (k > 0) {
      const summed = skips.reduce((sum, bit, j) => (bit === 1 ? tf.add(sum, nodes[j] as tf.Tensor4D) : sum), out);
      out = bn(summed, `layer${k}/skip/bn`);
    }
    nodes.push(out);
  });
  return tf.matMul(tf.mean(nodes[4] as tf.Tensor4D, [1, 2]), w<tf.Rank.R2>('fc/w'));
}

async function expectClose(actual: tf.Tensor, expected: tf.Tensor): Promise<void> {
  expect(actual.shape).toEqual(expected.shape);
  const [a, e] = [await actual.data(), await expected.data()];
  a.forEach((value, i) => expect(value).toBeCloseTo(e[i] ?? NaN, 4));
}

describe('macro supernet as the official search graph', () => {
  it('evaluates a child as 1×1 conv → BN → ReLU → op, skips summed then batch-normalised, with moving averages', async () => {
    const net = createMacroSupernet({ space: spaceConfig, child, input, prng: createPrng(1) });
    await randomiseBatchNorms(net, 2);
    const logits = net.forward(images, arc, { training: false });
    const expected = tf.tidy(() => reference(net, images, false));
    await expectClose(logits, expected);
    tf.dispose([logits, expected]);
    net.dispose();
  });

  it('trains with batch statistics and moves the averages of the batch norms the child ran, only those', async () => {
    const net = createMacroSupernet({ space: spaceConfig, child, input, prng: createPrng(3) });
    await randomiseBatchNorms(net, 4);
    const before = await net.getWeights();
    const expected = tf.tidy(() => reference(net, images, true));
    const stemMean = tf.tidy(() => tf.moments(tf.conv2d(images, net.variables.get('stem/w') as tf.Variable<tf.Rank.R4>, 1, 'same'), [0, 1, 2]).mean);
    const logits = net.forward(images, arc, { training: true });
    await expectClose(logits, expected);
    const after = await net.getWeights();
    // The official batch_norm: moving ← 0.9 · moving + 0.1 · batch mean.
    const oldStem = before['stem/bn/moving_mean']?.values ?? new Float32Array();
    const updated = tf.add(tf.mul(tf.tensor1d(oldStem), 0.9), tf.mul(stemMean, 0.1));
    await expectClose(tf.tensor1d(after['stem/bn/moving_mean']?.values ?? new Float32Array()), updated);
    const ran = ['layer0/sep3x3/out_conv/bn', 'layer1/conv5x5/inp_conv/bn', 'layer3/avg3x3/inp_conv/bn', 'layer3/skip/bn'];
    for (const name of ran) expect(after[`${name}/moving_mean`]?.values, name).not.toEqual(before[`${name}/moving_mean`]?.values);
    const idle = ['layer0/conv3x3/inp_conv/bn', 'layer1/sep5x5/out_conv/bn', 'layer2/avg3x3/inp_conv/bn'];
    for (const name of idle) expect(after[`${name}/moving_mean`]?.values, name).toEqual(before[`${name}/moving_mean`]?.values);
    tf.dispose([logits, expected, stemMean, updated]);
    net.dispose();
  });

  it("scores an image the same alone or in a batch with moving averages, not with searchBatchNorm 'batch'", () => {
    const firstAlone = (batchNorm: 'moving' | 'batch'): number[][] => {
      const net = createMacroSupernet({ space: spaceConfig, child: { ...child, searchBatchNorm: batchNorm }, input, prng: createPrng(5) });
      const one = tf.slice(images, [0, 0, 0, 0], [1, 4, 4, 3]) as tf.Tensor4D;
      const [inBatch, alone] = [net.forward(images, arc, { training: false }), net.forward(one, arc, { training: false })];
      const rows = [Array.from(inBatch.dataSync().slice(0, 2)), Array.from(alone.dataSync())];
      tf.dispose([one, inBatch, alone]);
      net.dispose();
      return rows;
    };
    const [inBatch, alone] = firstAlone('moving');
    alone?.forEach((value, i) => expect(value).toBeCloseTo(inBatch?.[i] ?? NaN, 5));
    const [batchIn, batchAlone] = firstAlone('batch');
    expect(batchAlone).not.toEqual(batchIn);
  });

  it('keeps no per-source skip weights, gives the pools their 1×1 conv, and builds the fixed form on request', () => {
    const net = createMacroSupernet({ space: spaceConfig, child, input, prng: createPrng(1) });
    const names = [...net.variables.keys()];
    expect(names.filter((n) => n.includes('/skip/'))).toEqual(
      ['layer1', 'layer2', 'layer3'].flatMap((l) => ['scale', 'offset', 'moving_mean', 'moving_variance'].map((p) => `${l}/skip/bn/${p}`)),
    );
    expect(net.variables.get('layer2/max3x3/inp_conv/w')?.shape).toEqual([1, 1, 4, 4]);
    expect(net.variables.get('layer2/sep5x5/out_conv/pointwise')?.shape).toEqual([1, 1, 4, 4]);
    net.dispose();
    const fixedForm = createMacroSupernet({ space: spaceConfig, child: { ...child, searchLayer: 'fixed-layer', searchBatchNorm: 'batch' }, input, prng: createPrng(1) });
    const fixedNames = [...fixedForm.variables.keys()];
    expect(fixedNames).toContain('layer3/skip/from2/w');
    expect(fixedNames.some((n) => n.includes('max3x3') || n.includes('inp_conv') || n.includes('moving'))).toBe(false);
    fixedForm.dispose();
  });
});
