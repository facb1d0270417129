/**
 * Concat for the wasm backend, replacing wasm's own kernel, which copies one row of every input per
 * JavaScript call: an ENAS cell output (the concat of up to 7 nodes along channels, 32×32×32×20 each) took
 * ≈ 20 ms. Here each input is one strided copy into its slot of the output (strided-copy.ts). Strings go to
 * wasm's kernel.
 */
import { Concat, backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { copyBetween, wholeBox } from './strided-copy';
import { asWasmBackend, composeOnWasm } from './wasm-kernel-scope';

export function createConcatConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const inputs = Object.values(args.inputs).filter((t): t is TensorInfo => t !== undefined);
    const first = inputs[0];
    const axisAttr: unknown = args.attrs?.['axis'];
    if (first === undefined || first.dtype === 'string' || typeof axisAttr !== 'number') return original.kernelFunc(args);
    const axis = util.parseAxisParam(axisAttr, first.shape)[0] ?? 0;
    const shapes = inputs.map((t) => t.shape);
    backend_util.assertParamsConsistent(shapes, axis);
    const outShape = backend_util.computeOutShape(shapes, axis);
    const wasm = asWasmBackend(args.backend, Concat);
    return composeOnWasm(wasm, (scope) => {
      const out = scope.alloc(outShape, first.dtype);
      let offset = 0;
      for (const input of inputs) {
        const begin = outShape.map((_, d) => (d === axis ? offset : 0));
        copyBetween(wasm, input, wholeBox(input.shape), out, { shape: outShape, begin, size: input.shape });
        offset += input.shape[axis] ?? 0;
      }
      return out;
    });
  };
  const config: KernelConfig = { kernelName: Concat, backendName: 'wasm', kernelFunc };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}
