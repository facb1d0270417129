import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { addAll } from './add-all';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('sums any number of tensors, as tf.addN would, in groups small enough for WebGPU', () => {
  for (const n of [1, 2, 4, 5, 17, 140]) {
    const tensors = Array.from({ length: n }, (_, i) => tf.tensor1d([i, 2 * i]));
    const sum = addAll(tensors);
    expect(Array.from(sum.dataSync())).toEqual([(n * (n - 1)) / 2, n * (n - 1)]);
    tf.dispose([...tensors, sum]);
  }
  expect(() => addAll([])).toThrow(/INTERNAL/);
});
