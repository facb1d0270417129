/**
 * With our WebAssembly SIMD kernels switched off, as on a runtime without WebAssembly SIMD, every training
 * kernel takes its fallback (XNNPACK compositions or scalar JavaScript) and still matches the cpu backend.
 * Tolerance: testing/wasm-vs-cpu.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { simdKernelsFor, useSimdKernels } from './simd/simd-kernels';
import { RELATIVE_TOLERANCE, seededValues, setUpWasmAndCpu, wasmVsCpu } from './testing/wasm-vs-cpu';

beforeAll(async () => {
  await setUpWasmAndCpu();
  useSimdKernels(false);
});

function weightedSum(y: tf.Tensor, seed: number): tf.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(seededValues(y.size, seed), y.shape)));
}

const image = (shape: [number, number, number, number], seed: number): tf.Tensor4D =>
  tf.tensor4d(seededValues(shape.reduce((a, b) => a * b), seed), shape);

describe('wasm training kernels without SIMD', () => {
  it('are really off', async () => {
    await tf.setBackend('wasm');
    expect(simdKernelsFor(tf.backend() as BackendWasm)).toBeUndefined();
  });

  it('convolution gradients match cpu: pointwise, strided, padded, depthwise and separable', async () => {
    const cases: [number, number, number, 'same' | 'valid'][] = [
      [1, 8, 1, 'valid'],
      [1, 4, 2, 'same'],
      [3, 8, 1, 'same'],
      [3, 4, 2, 'valid'],
      [5, 8, 1, 'same'],
    ];
    for (const [k, c, stride, pad] of cases) {
      const error = await wasmVsCpu(() => {
        const x = image([2, 9, 8, c], k);
        const filter = image([k, k, c, 4], 2) as tf.Tensor4D;
        const depthwise = image([k, k, c, 1], 3) as tf.Tensor4D;
        const pointwise = image([1, 1, c, 8], 4) as tf.Tensor4D;
        const loss = (a: tf.Tensor, f: tf.Tensor, d: tf.Tensor, p: tf.Tensor) =>
          tf.add(
            weightedSum(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, stride, pad), 5),
            weightedSum(tf.separableConv2d(a as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, stride, pad), 6),
          );
        return tf.grads(loss)([x, filter, depthwise, pointwise]);
      });
      expect(error, `k ${k} c ${c} stride ${stride} ${pad}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    }
  });

  it('pooling gradients, per-channel reductions and channel concat / split match cpu', async () => {
    const error = await wasmVsCpu(() => {
      const x = image([2, 6, 6, 8], 1);
      const f = (a: tf.Tensor) => {
        const pooled = tf.add(tf.maxPool(a as tf.Tensor4D, 3, 2, 'same'), tf.avgPool(a as tf.Tensor4D, 3, 2, 'same'));
        const joined = tf.concat([pooled, tf.relu(pooled as tf.Tensor4D)], 3);
        const { mean, variance } = tf.moments(joined, [0, 1, 2]);
        return weightedSum(tf.mul(tf.sub(joined, mean), tf.rsqrt(tf.add(variance, 1e-3))), 2);
      };
      return tf.grad(f)(x);
    });
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });
});
