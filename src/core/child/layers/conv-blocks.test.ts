import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { shiftedByOne } from './conv-blocks';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await import('@tensorflow/tfjs-core/dist/register_all_gradients');
});

/** The official shift of a factorized reduction's second path: zero-pad the far edge, drop the first row and column. */
function padThenSlice(x: tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = x.shape;
  return tf.slice(tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]]), [0, 1, 1, 0], [-1, height, width, -1]);
}

/** The path's output and its gradients (input, weight) under a non-uniform upstream gradient. */
function pathAndGrads(shift: (x: tf.Tensor4D) => tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D): Float32Array[] {
  const y = tf.conv2d(shift(x), w, 2, 'valid');
  const upstream = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(shift(a as tf.Tensor4D), b as tf.Tensor4D, 2, 'valid'), upstream)))([x, w]);
  return [y, ...grads].map((t) => Float32Array.from(t.dataSync()));
}

describe('the factorized reduction second path shift', () => {
  it('gives the pad-then-slice path the same outputs and gradients, exactly, for even, odd and mixed sizes', () => {
    for (const [height, width] of [[6, 8], [7, 7], [6, 7], [2, 2]] as const) {
      tf.tidy(() => {
        const x = tf.randomNormal([2, height, width, 3], 0, 1, 'float32', height * 10 + width) as tf.Tensor4D;
        const w = tf.randomNormal([1, 1, 3, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
        const ours = pathAndGrads(shiftedByOne, x, w);
        const official = pathAndGrads(padThenSlice, x, w);
        expect(ours[0]?.length, `${height}×${width}`).toBe(2 * Math.ceil(height / 2) * Math.ceil(width / 2) * 4);
        expect(ours, `${height}×${width}`).toEqual(official);
      });
    }
  });

  it('skips the padding and its gradient when height and width are even', async () => {
    const kernels = async (height: number, width: number): Promise<string[]> => {
      const profile = await tf.profile(() => {
        tf.tidy(() => {
          const x = tf.ones([1, height, width, 2]) as tf.Tensor4D;
          tf.grad((a: tf.Tensor) => tf.sum(shiftedByOne(a as tf.Tensor4D)))(x);
        });
      });
      return profile.kernels.map((k) => k.name);
    };
    // Forward: a slice (after a pad when a size is odd); backward: the slice's gradient, a pad (and the pad's, a slice).
    const count = (names: string[], name: string): number => names.filter((n) => n === name).length;
    const even = await kernels(28, 28);
    expect([count(even, 'PadV2'), count(even, 'Slice')]).toEqual([1, 1]);
    const odd = await kernels(7, 8);
    expect([count(odd, 'PadV2'), count(odd, 'Slice')]).toEqual([2, 2]);
  });
});
