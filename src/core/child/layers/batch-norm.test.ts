import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTraining } from './batch-norm';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await import('@tensorflow/tfjs-core/dist/register_all_gradients');
});

/** The textbook composition, differentiated by tfjs's autodiff: the reference the closed form must equal. */
function reference(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, axes: number[], epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, axes, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))), scale), offset);
}

describe('batch norm with its closed-form gradient', () => {
  it('gives the values and the gradients (x, scale, offset) of autodiff through tf.moments', () => {
    const x = tf.randomNormal([4, 5, 3, 6], 1, 2, 'float32', 7);
    const scale = tf.randomNormal([6], 1, 0.3, 'float32', 8);
    const offset = tf.randomNormal([6], 0, 0.3, 'float32', 9);
    // A non-uniform upstream gradient, so every term of the formula matters.
    const weights = tf.randomNormal([4, 5, 3, 6], 0, 1, 'float32', 10);
    const loss = (f: typeof reference) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(f(a, b, c, [0, 1, 2], 1e-3), weights));
    const ours = tf.grads(loss(batchNormTraining))([x, scale, offset]);
    const theirs = tf.grads(loss(reference))([x, scale, offset]);
    const value = batchNormTraining(x, scale, offset, [0, 1, 2], 1e-3);
    const expected = reference(x, scale, offset, [0, 1, 2], 1e-3);
    expect(tf.max(tf.abs(tf.sub(value, expected))).dataSync()[0]).toBeLessThan(1e-5);
    ours.forEach((g, i) => {
      const diff = tf.max(tf.abs(tf.sub(g, theirs[i] as tf.Tensor))).dataSync()[0] as number;
      const size = tf.max(tf.abs(theirs[i] as tf.Tensor)).dataSync()[0] as number;
      expect(g.shape).toEqual((theirs[i] as tf.Tensor).shape);
      expect(diff).toBeLessThan(1e-4 * Math.max(1, size));
    });
  });

  it('matches autodiff on [batch, units] with ε = 1 and small activations', () => {
    const x = tf.randomNormal([8, 6], 0.05, 0.02, 'float32', 11);
    const scale = tf.randomNormal([6], 1, 0.3, 'float32', 12);
    const offset = tf.randomNormal([6], 0, 0.3, 'float32', 13);
    const weights = tf.randomNormal([8, 6], 0, 1, 'float32', 14);
    const loss = (f: typeof reference) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a, b, c, [0], 1), weights));
    const ours = tf.grads(loss(batchNormTraining))([x, scale, offset]);
    const theirs = tf.grads(loss(reference))([x, scale, offset]);
    ours.forEach((g, i) => {
      const diff = tf.max(tf.abs(tf.sub(g, theirs[i] as tf.Tensor))).dataSync()[0] as number;
      const size = tf.max(tf.abs(theirs[i] as tf.Tensor)).dataSync()[0] as number;
      expect(diff).toBeLessThan(1e-4 * Math.max(1e-3, size));
    });
  });

  it('leaks no tensors across repeated gradient computations', () => {
    const x = tf.randomNormal([2, 3, 3, 4]);
    const scale = tf.ones([4]);
    const offset = tf.zeros([4]);
    const step = (): void => {
      // A block body: tidy keeps (and would count) whatever its callback returns.
      tf.tidy(() => {
        tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(batchNormTraining(a, b, c, [0, 1, 2], 1e-3)))([x, scale, offset]);
      });
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
