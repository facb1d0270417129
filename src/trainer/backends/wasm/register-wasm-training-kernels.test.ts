/**
 * Registration of our wasm training kernels: what it adds and replaces, that it is idempotent, that it refuses
 * attributes it does not support by name, and that a replaced kernel still hands NCHW to wasm's own.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnasError } from '../../../shared/errors';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';
import { simdKernelsFor } from './simd/simd-kernels';
import type { WasmKernelRegistration } from './register-wasm-training-kernels';
import { RELATIVE_TOLERANCE, seededValues, setUpWasmAndCpu, wasmVsCpu } from './testing/wasm-vs-cpu';

const MISSING_IN_WASM = ['EnasBatchNormTrain', 'EnasBatchNormTrainGrad', 'EnasSgdStep', 'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum'];
const REPLACED = ['Conv2DBackpropInput', 'AvgPoolGrad', 'MaxPoolGrad', 'Tile', 'Slice', 'SplitV', 'Concat', 'Sum', 'Mean', 'Identity', 'Cast', 'BatchMatMul'];

let first: WasmKernelRegistration;

beforeAll(async () => {
  first = await setUpWasmAndCpu();
});

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('registerWasmTrainingKernels', () => {
  it('adds the kernels wasm lacks and replaces the slow ones', () => {
    expect(first.added.sort()).toEqual([...MISSING_IN_WASM].sort());
    expect(first.replaced.sort()).toEqual([...REPLACED].sort());
    for (const name of [...MISSING_IN_WASM, ...REPLACED]) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });

  it('changes nothing when called again', () => {
    const before = [...MISSING_IN_WASM, ...REPLACED].map((name) => tf.getKernel(name, 'wasm'));
    expect(registerWasmTrainingKernels()).toEqual({ added: [], replaced: [] });
    expect([...MISSING_IN_WASM, ...REPLACED].map((name) => tf.getKernel(name, 'wasm'))).toEqual(before);
  });

  it('runs its SIMD kernels on this runtime, so the tests exercise them and not only the scalar fallbacks', async () => {
    await tf.setBackend('wasm');
    expect(simdKernelsFor(tf.backend() as BackendWasm)).toBeDefined();
  });

  it('refuses NCHW and dilated convolutions with KERNEL_UNSUPPORTED naming the kernel and the attribute', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 5, 5, 2]);
    const dy = tf.ones([1, 5, 5, 2]);
    const nchw = thrown(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] }),
    );
    expect(nchw).toBeInstanceOf(EnasError);
    expect((nchw as EnasError).code).toBe('KERNEL_UNSUPPORTED');
    expect((nchw as EnasError).message).toMatch(/Conv2DBackpropFilter: dataFormat must be NHWC, received "NCHW"/);
    const dilated = thrown(() =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: 1, dilations: 2, pad: 'same', filterShape: [3, 3, 2, 1] }),
    );
    expect((dilated as EnasError).code).toBe('KERNEL_UNSUPPORTED');
    expect((dilated as EnasError).message).toMatch(/dilations must be 1, received \[2, 2\]/);
    tf.dispose([x, dy]);
  });

  it('still computes an NCHW input gradient, through wasm’s own Conv2DBackpropInput', async () => {
    const error = await wasmVsCpu(() => {
      const dy = tf.tensor4d(seededValues(2 * 3 * 5 * 5, 1), [2, 3, 5, 5]);
      const filter = tf.tensor4d(seededValues(3 * 3 * 4 * 3, 2), [3, 3, 4, 3]);
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 4, 5, 5] };
      return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as tf.Tensor;
    });
    expect(error).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });
});
