/**
 * Our other wasm training kernels against the cpu backend: avg/max pool gradients (ties included), the
 * embedding gradient (gather → UnsortedSegmentSum), per-channel Sum / Mean, Tile (batchNorm's gradient),
 * Concat / Slice / SplitV, and Identity / Cast by reference. Tolerance: testing/wasm-vs-cpu.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RELATIVE_TOLERANCE, relativeError, runOn, seededValues, setUpWasmAndCpu, wasmVsCpu } from './testing/wasm-vs-cpu';

beforeAll(async () => {
  await setUpWasmAndCpu();
});

function weightedSum(y: tf.Tensor, seed: number): tf.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(seededValues(y.size, seed), y.shape)));
}

describe('pooling gradients on wasm', () => {
  const cases = [
    { size: 3, stride: 1, pad: 'same' },
    { size: 3, stride: 2, pad: 'same' },
    { size: 2, stride: 2, pad: 'valid' },
    { size: 3, stride: 2, pad: 'valid' },
    { size: 3, stride: 1, pad: 1 },
  ] as const;

  it('avgPool and maxPool input gradients match cpu for several sizes, strides and paddings', async () => {
    for (const c of cases) {
      for (const pool of ['avg', 'max'] as const) {
        const error = await wasmVsCpu(() => {
          const x = tf.tensor4d(seededValues(2 * 7 * 6 * 5, c.size), [2, 7, 6, 5]);
          const f = (a: tf.Tensor) => {
            const y = pool === 'avg' ? tf.avgPool(a as tf.Tensor4D, c.size, c.stride, c.pad) : tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad);
            return weightedSum(y, 3);
          };
          return tf.grad(f)(x);
        });
        expect(error, `${pool} ${JSON.stringify(c)}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      }
    }
  });

  it('maxPool sends each window gradient to the first of tied maxima, as cpu does', async () => {
    // ReLU outputs are full of exact zeros, so most windows below hold tied maxima.
    const compute = () => {
      const x = tf.relu(tf.sub(tf.tensor4d(seededValues(1 * 5 * 5 * 4, 9), [1, 5, 5, 4]), 0.6));
      return tf.grad((a: tf.Tensor) => weightedSum(tf.maxPool(a as tf.Tensor4D, 3, 1, 'same'), 4))(x);
    };
    const wasm = await runOn('wasm', compute);
    const cpu = await runOn('cpu', compute);
    const receivers = (values: Float32Array): number[] => Array.from(values).flatMap((v, i) => (v === 0 ? [] : [i]));
    // The same pixels receive gradient; sums of several windows may differ in the last bit (float32 vs float64).
    expect(receivers(wasm[0]!)).toEqual(receivers(cpu[0]!));
    expect(receivers(wasm[0]!).length).toBeGreaterThan(0);
    expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });
});

describe('embedding gradient on wasm', () => {
  it('the gradient of gather (UnsortedSegmentSum) matches cpu, repeated ids summed', async () => {
    const error = await wasmVsCpu(() => {
      const table = tf.tensor2d(seededValues(50 * 6, 1), [50, 6]);
      // Ids repeat (the same word twice in a batch) and are in any order.
      const ids = tf.tensor1d([3, 7, 3, 49, 0, 7, 7, 12, 3], 'int32');
      return tf.grad((t: tf.Tensor) => weightedSum(tf.gather(t, ids), 2))(table);
    });
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('unsortedSegmentSum drops ids outside [0, numSegments), as cpu does', async () => {
    const compute = () =>
      tf.unsortedSegmentSum(tf.tensor2d(seededValues(5 * 3, 5), [5, 3]), tf.tensor1d([0, -1, 2, 4, 2], 'int32'), 4);
    const [wasm] = await runOn('wasm', compute);
    const [cpu] = await runOn('cpu', compute);
    expect(Array.from(wasm!)).toEqual(Array.from(cpu!));
  });
});

describe('reductions on wasm', () => {
  it('sum and mean over every axis but the last match cpu, with and without SIMD-sized channels', async () => {
    const error = await wasmVsCpu(() => {
      const even = tf.tensor4d(seededValues(3 * 5 * 7 * 8, 1), [3, 5, 7, 8]);
      const odd = tf.tensor3d(seededValues(130 * 3 * 5, 2), [130, 3, 5]);
      return [
        tf.sum(even, [0, 1, 2]),
        tf.mean(even, [2, 0, 1], true),
        tf.sum(odd, [0, 1]),
        tf.mean(odd, [0, 1]),
        // Not over the leading axes: wasm's own kernels.
        tf.sum(even, [1, 3]),
        tf.mean(odd, 2),
      ];
    });
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('keeps the reduced axes as ones with keepDims', async () => {
    await tf.setBackend('wasm');
    expect(tf.tidy(() => tf.sum(tf.ones([2, 3, 4]), [0, 1], true).shape)).toEqual([1, 1, 4]);
    expect(tf.tidy(() => Array.from(tf.mean(tf.ones([2, 3, 4]), [0, 1]).dataSync()))).toEqual([1, 1, 1, 1]);
  });
});

describe('data movement kernels on wasm', () => {
  it('tile matches cpu, including the batchNorm gradient shape and int32 values', async () => {
    const error = await wasmVsCpu(() => [
      tf.tile(tf.tensor4d(seededValues(6, 1), [1, 1, 1, 6]), [4, 5, 7, 1]),
      tf.tile(tf.tensor3d(seededValues(2 * 3 * 40, 2), [2, 3, 40]), [3, 1, 2]),
      tf.tile(tf.tensor2d(seededValues(4 * 2, 3), [4, 2]), [2, 3]),
      tf.cast(tf.tile(tf.tensor1d([1, -2, 3], 'int32'), [70]), 'float32'),
    ]);
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('concat matches cpu along every axis, for float32 and int32', async () => {
    const error = await wasmVsCpu(() => {
      const a = tf.tensor4d(seededValues(2 * 3 * 4 * 5, 1), [2, 3, 4, 5]);
      const b = tf.tensor4d(seededValues(2 * 3 * 4 * 6, 2), [2, 3, 4, 6]);
      const ints = tf.concat([tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6], [2, 1], 'int32')], 1);
      return [
        tf.concat([a, b, a], 3),
        tf.concat([a, a], 0),
        tf.concat([a, a, a], 1),
        tf.concat([tf.slice(a, [0, 0, 0, 0], [2, 3, 1, 5]), a], 2),
        tf.cast(ints, 'float32'),
      ];
    });
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });

  it('clones and same-dtype casts share the buffer, which lives until the last reference goes', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const buffers = backend.numDataIds();
    const a = tf.tensor1d([1.5, -2, 3]);
    const b = tf.clone(a);
    const c = tf.cast(a, 'float32');
    expect(backend.numDataIds()).toBe(buffers + 1);
    a.dispose();
    b.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3]);
    const i = tf.cast(c, 'int32');
    expect(Array.from(i.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([c, i]);
    expect(backend.numDataIds()).toBe(buffers);
  });

  it('the gradient of concat (SplitV) and slice match cpu', async () => {
    const error = await wasmVsCpu(() => {
      const a = tf.tensor4d(seededValues(2 * 4 * 4 * 3, 1), [2, 4, 4, 3]);
      const b = tf.tensor4d(seededValues(2 * 4 * 4 * 5, 2), [2, 4, 4, 5]);
      const f = (x: tf.Tensor, y: tf.Tensor) =>
        weightedSum(tf.slice(tf.concat([x, y, x], 3), [1, 1, 0, 2], [1, 3, 4, 7]), 3);
      return [...tf.grads(f)([a, b]), tf.slice(b, [0, 1, 2, 1], [2, 2, 2, 3]), ...tf.split(b, [2, -1, 1], 3)];
    });
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });
});

describe('matrix products on wasm', () => {
  it('matMul with every combination of transposed operands matches cpu, batched and not, and so do its gradients', async () => {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const batch of [undefined, 3]) {
        const error = await wasmVsCpu(() => {
          const shape = (rows: number, cols: number, transposed: boolean): number[] =>
            [...(batch === undefined ? [] : [batch]), ...(transposed ? [cols, rows] : [rows, cols])];
          const a = tf.tensor(seededValues(5 * 7 * (batch ?? 1), 11), shape(5, 7, transposeA));
          const b = tf.tensor(seededValues(7 * 4 * (batch ?? 1), 12), shape(7, 4, transposeB));
          const f = (x: tf.Tensor, y: tf.Tensor): tf.Scalar => weightedSum(tf.matMul(x, y, transposeA, transposeB), 13);
          const [da, db] = tf.grads(f)([a, b]);
          return [tf.matMul(a, b, transposeA, transposeB), da as tf.Tensor, db as tf.Tensor];
        });
        expect(error, `transposeA ${transposeA} transposeB ${transposeB} batch ${batch}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      }
    }
  });
});
