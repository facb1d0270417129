/**
 * BatchMatMul for the wasm backend with transposed operands: transpose first, then wasm's own kernel.
 *
 * tfjs-backend-wasm 4.22 packs its operands for XNNPACK only when neither is transposed; a transposed
 * operand goes through a scalar loop that strides across rows. Measured here ([1120, 128] × [7600, 128]ᵀ,
 * the rnn's tied softmax): 1,041 ms with transposeB against 3 ms to transpose the [7600, 128] weight plus
 * 120 ms for the plain product; the weight gradient aᵀ·g took 1,516 ms. Every matMul gradient uses a
 * transposed operand (dA = dY·Bᵀ, dB = Aᵀ·dY), so this touches every dense layer, the controller's LSTM
 * and the rnn cell. The product is the same sum in the same order, so results equal wasm's own within
 * float32 rounding of the kernel; the test checks them against cpu.
 */
import { BatchMatMul } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend, composeOnWasm } from './wasm-kernel-scope';

/** The permutation that swaps the last two axes of a rank-`rank` tensor. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

export function createBatchMatMulConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs = {} } = args;
    const a: TensorInfo | undefined = inputs['a'];
    const b: TensorInfo | undefined = inputs['b'];
    const transposeA = attrs['transposeA'] === true;
    const transposeB = attrs['transposeB'] === true;
    if (a === undefined || b === undefined || (!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return original.kernelFunc(args);
    }
    const wasm = asWasmBackend(backend, BatchMatMul);
    return composeOnWasm(wasm, (scope) => {
      const plainA = transposeA ? scope.run('Transpose', { x: a }, { perm: swapLastTwo(a.shape.length) }) : a;
      const plainB = transposeB ? scope.run('Transpose', { x: b }, { perm: swapLastTwo(b.shape.length) }) : b;
      const product = original.kernelFunc({
        inputs: { a: plainA, b: plainB },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
      // wasm's kernel returns one fresh tensor; the scope takes it so that `release` hands it out.
      return scope.adopt(product);
    });
  };
  const config: KernelConfig = { kernelName: BatchMatMul, backendName: 'wasm', kernelFunc };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}
