/**
 * A small conv net trained on wasm gets the cpu backend's gradients, and repeated gradient steps leak nothing:
 * neither engine tensors nor wasm heap buffers (our kernels' intermediates live outside the engine's count).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RELATIVE_TOLERANCE, seededValues, setUpWasmAndCpu, wasmVsCpu } from './testing/wasm-vs-cpu';

beforeAll(async () => {
  await setUpWasmAndCpu();
});

const SHAPES = {
  conv: [3, 3, 3, 8],
  gamma: [8],
  beta: [8],
  depthwise: [3, 3, 8, 1],
  pointwise: [1, 1, 8, 8],
  gamma2: [8],
  beta2: [8],
  dense: [8, 5],
} as const;
type Name = keyof typeof SHAPES;
const NAMES = Object.keys(SHAPES) as Name[];

/** Batch norm as ENAS trains it (batch statistics), written with plain ops like src/core's BatchNorm. */
function batchNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** conv → batch norm → relu → separable conv → batch norm (tfjs's fused kernel) → avg pool + max pool → dense → softmax cross-entropy. */
function loss(images: tf.Tensor4D, labels: tf.Tensor2D, w: Record<Name, tf.Tensor>): tf.Scalar {
  const stem = tf.relu(batchNorm(tf.conv2d(images, w.conv as tf.Tensor4D, 1, 'same'), w.gamma, w.beta));
  const sep = tf.separableConv2d(stem as tf.Tensor4D, w.depthwise as tf.Tensor4D, w.pointwise as tf.Tensor4D, 1, 'same');
  const { mean, variance } = tf.moments(sep, [0, 1, 2]);
  const normed = tf.batchNorm4d(sep as tf.Tensor4D, mean as tf.Tensor1D, variance as tf.Tensor1D, w.beta2 as tf.Tensor1D, w.gamma2 as tf.Tensor1D, 1e-5);
  const pooled = tf.add(tf.avgPool(normed, 3, 1, 'same'), tf.maxPool(normed, 3, 1, 'same')) as tf.Tensor4D;
  const features = tf.mean(tf.maxPool(pooled, 2, 2, 'valid'), [1, 2]);
  return tf.losses.softmaxCrossEntropy(labels, tf.matMul(features as tf.Tensor2D, w.dense as tf.Tensor2D)) as tf.Scalar;
}

function inputs(): { images: tf.Tensor4D; labels: tf.Tensor2D; weights: Record<Name, tf.Tensor> } {
  const images = tf.tensor4d(seededValues(4 * 8 * 8 * 3, 1), [4, 8, 8, 3]);
  const labels = tf.oneHot(tf.tensor1d([0, 3, 1, 4], 'int32'), 5) as tf.Tensor2D;
  const weights = Object.fromEntries(
    NAMES.map((name, i) => {
      const shape: number[] = [...SHAPES[name]];
      const values = seededValues(shape.reduce((a, b) => a * b, 1), 100 + i);
      return [name, tf.tensor(values.map((v) => (name.startsWith('gamma') ? 1 + 0.1 * v : 0.5 * v)), shape)];
    }),
  ) as Record<Name, tf.Tensor>;
  return { images, labels, weights };
}

function gradients(): tf.Tensor[] {
  const { images, labels, weights } = inputs();
  const f = (...ws: tf.Tensor[]) => loss(images, labels, Object.fromEntries(NAMES.map((n, i) => [n, ws[i]!])) as Record<Name, tf.Tensor>);
  const { value, grads } = tf.valueAndGrads(f)(NAMES.map((n) => weights[n]));
  return [value, ...grads];
}

describe('training a small conv net on wasm', () => {
  it('gets the loss and every weight gradient of the cpu backend', async () => {
    expect(await wasmVsCpu(gradients)).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('leaves no tensor and no wasm heap buffer behind after repeated gradient steps', async () => {
    await tf.setBackend('wasm');
    const step = () => tf.dispose(tf.tidy(gradients));
    step();
    step();
    const backend = tf.backend();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });
});
