/**
 * The fused batch norm on wasm (batch-norm-train.ts: SIMD passes, and the scalar passes for channels that
 * are not a multiple of 4 or without SIMD) against tfjs's composition of it on the cpu backend, which has no
 * fused kernel: values, the three gradients, the moving averages of a fixed network's batch norm, and that
 * repeated steps leave nothing behind. Tolerance: testing/wasm-vs-cpu.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm, batchNormTraining } from '../../../core/child/layers/batch-norm';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, hasFusedBatchNorm } from '../../../core/child/layers/batch-norm-kernels';
import { ParamStore } from '../../../core/child/layers/param-store';
import type { WeightSnapshot } from '../../../core/child/layers/param-store';
import { createMicroSupernet } from '../../../core/child/micro/micro-supernet';
import { createPrng } from '../../../core/random/prng';
import { createSearchSpace } from '../../../core/spaces';
import { childConfigSchema } from '../../../shared/config/child';
import { useSimdKernels } from './simd/simd-kernels';
import { RELATIVE_TOLERANCE, runOn, seededValues, setUpWasmAndCpu, wasmVsCpu } from './testing/wasm-vs-cpu';

beforeAll(async () => {
  await setUpWasmAndCpu();
});

afterEach(() => {
  useSimdKernels(true);
});

/** x with a channel-dependent mean far from 0 (as after a ReLU), so a careless variance would show. */
function activations(shape: number[], seed: number): tf.Tensor {
  const values = seededValues(shape.reduce((a, b) => a * b, 1), seed);
  const channels = shape[shape.length - 1] ?? 1;
  return tf.tensor(
    values.map((v, i) => 3 + (i % channels) + 0.5 * v),
    shape,
  );
}

/** Value and gradients (x, scale, offset) of Σ w ⊙ BN(x) with a non-uniform w, so every term matters. */
function valueAndGrads(shape: number[], epsilon: number): tf.Tensor[] {
  const channels = shape[shape.length - 1] ?? 1;
  const axes = shape.slice(0, -1).map((_, i) => i);
  const x = activations(shape, 1);
  const scale = tf.tensor1d(seededValues(channels, 2).map((v) => 1 + 0.3 * v));
  const offset = tf.tensor1d(seededValues(channels, 3).map((v) => 0.3 * v));
  const w = tf.tensor(seededValues(x.size, 4), shape);
  const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Scalar => tf.sum(tf.mul(batchNormTraining(a, b, c, axes, epsilon), w));
  return [batchNormTraining(x, scale, offset, axes, epsilon), ...tf.grads(loss)([x, scale, offset])];
}

describe('fused batch norm on wasm', () => {
  it('is what batch norm runs on wasm, and not on cpu', async () => {
    await tf.setBackend('cpu');
    expect(hasFusedBatchNorm()).toBe(false);
    await tf.setBackend('wasm');
    expect(hasFusedBatchNorm()).toBe(true);
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        valueAndGrads([2, 4, 4, 8], 1e-5);
      });
    });
    const names = new Set(profile.kernels.map((k) => k.name));
    expect(names.has(BATCH_NORM_TRAIN)).toBe(true);
    expect(names.has(BATCH_NORM_TRAIN_GRAD)).toBe(true);
  });

  it('matches the cpu composition: SIMD passes (channels 8, 20), scalar passes (channels 6), [batch, units]', async () => {
    for (const [shape, epsilon] of [
      [[4, 6, 5, 8], 1e-5],
      [[3, 7, 7, 20], 1e-3],
      [[3, 5, 4, 6], 1e-3],
      [[16, 12], 1],
    ] as [number[], number][]) {
      expect(await wasmVsCpu(() => valueAndGrads(shape, epsilon)), JSON.stringify(shape)).toBeLessThan(RELATIVE_TOLERANCE);
    }
  });

  it('matches without SIMD, as on a runtime that lacks it', async () => {
    useSimdKernels(false);
    expect(await wasmVsCpu(() => valueAndGrads([4, 6, 5, 8], 1e-5))).toBeLessThan(RELATIVE_TOLERANCE);
  });

  it('updates the moving averages of a fixed network as the composition does', async () => {
    const movingAfterStep = (): tf.Tensor[] => {
      const store = new ParamStore('bn-test', createPrng(5));
      const bn = new BatchNorm(store, 'bn', 8, true);
      try {
        const ctx = { training: true, batchNorm: 'moving' as const, prng: createPrng(6), progress: 1 };
        tf.grads((x: tf.Tensor) => tf.sum(bn.apply(x, ctx)))([activations([4, 3, 3, 8], 7)]);
        const variables = store.variables;
        return ['bn/moving_mean', 'bn/moving_variance'].map((n) => (variables.get(n) as tf.Variable).clone());
      } finally {
        for (const v of store.variables.values()) v.dispose();
      }
    };
    const reference = await runOn('cpu', movingAfterStep);
    const actual = await runOn('wasm', movingAfterStep);
    // The step moved them off their initial 0 and 1, so the comparison says something.
    expect(Math.abs((reference[0] as Float32Array)[0]!)).toBeGreaterThan(0.1);
    reference.forEach((r, k) => {
      const a = actual[k] as Float32Array;
      r.forEach((v, i) => expect(Math.abs(a[i]! - v)).toBeLessThan(RELATIVE_TOLERANCE * Math.max(1, Math.abs(v))));
    });
  });

  it('leaves no tensor and no wasm heap buffer behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const step = (): void => {
      tf.tidy(() => {
        valueAndGrads([2, 4, 4, 8], 1e-5);
      });
    };
    step();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });

  it('trains a micro supernet step to the weights the composed batch norm gives on wasm', async () => {
    await tf.setBackend('wasm');
    const fused = [BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD].map((name) => tf.getKernel(name, 'wasm')!);
    // The update each weight gets (after − before), compared relative to its largest entry: comparing the
    // weights themselves would hide a wrong gradient behind the initial values.
    const oneStep = async (): Promise<{ loss: number; before: WeightSnapshot; weights: WeightSnapshot }> => {
      const spaceConfig = { space: 'micro' as const, numNodes: 2, numBranches: 5 };
      const child = childConfigSchema.parse({ space: 'micro', numLayers: 1, outFilters: 8, keepProb: 1 });
      if (child.space !== 'micro') throw new Error('unreachable');
      const prng = createPrng(3);
      const net = createMicroSupernet({ space: spaceConfig, child, input: { height: 8, width: 8, channels: 3, numClasses: 4 }, prng });
      const arc = createSearchSpace(spaceConfig).sampleUniform(createPrng(4));
      const images = tf.tensor4d(seededValues(4 * 8 * 8 * 3, 5), [4, 8, 8, 3]);
      const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
      try {
        const before = await net.getWeights();
        const metrics = await net.trainStep({ images, labels }, arc, { learningRate: 0.1 });
        return { loss: metrics.loss, before, weights: await net.getWeights() };
      } finally {
        images.dispose();
        labels.dispose();
        net.dispose();
      }
    };
    const withFused = await oneStep();
    for (const config of fused) tf.unregisterKernel(config.kernelName, 'wasm');
    let composed: Awaited<ReturnType<typeof oneStep>>;
    try {
      expect(hasFusedBatchNorm()).toBe(false);
      composed = await oneStep();
    } finally {
      for (const config of fused) tf.registerKernel(config);
    }
    expect(Math.abs(withFused.loss - composed.loss)).toBeLessThan(RELATIVE_TOLERANCE * Math.abs(composed.loss));
    const names = Object.keys(composed.weights);
    expect(Object.keys(withFused.weights).sort()).toEqual([...names].sort());
    let trained = 0;
    for (const name of names) {
      const a = withFused.weights[name]!.values;
      const b = composed.weights[name]!.values;
      const start = composed.before[name]!.values;
      let scale = 0;
      let diff = 0;
      b.forEach((v, i) => {
        scale = Math.max(scale, Math.abs(v - start[i]!));
        diff = Math.max(diff, Math.abs(a[i]! - v));
      });
      if (scale === 0) {
        expect(diff, name).toBe(0);
        continue;
      }
      trained += 1;
      expect(diff / scale, name).toBeLessThan(RELATIVE_TOLERANCE);
    }
    expect(trained).toBeGreaterThan(10);
  });
});
