/**
 * Conv2DBackpropInput for the wasm backend, replacing wasm's own kernel (a plain C++ loop, ≈ 1.0 s of a
 * 4.1 s ENAS child step in our first measurement) by one XNNPACK convolution of dy with the reversed,
 * channel-swapped filter (see transposed-conv-input.ts for the derivation). A strided 1×1 convolution without
 * padding (ENAS's factorized reduction) skips the zeros: dx is dy·Wᵀ at every s-th pixel and 0 elsewhere, so
 * the 1×1 convolution runs on dy's pixels only and its result is spread out. NCHW, which the ENAS networks
 * never use, still goes to wasm's kernel.
 */
import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { readConvGeometry, readShape4, shape4Of } from './conv-geometry';
import { reversedFilter, spreadInto, transposedConvInput } from './transposed-conv-input';
import { asWasmBackend, composeOnWasm, expectShape, requireInput } from './wasm-kernel-scope';

const conv2dBackpropInputNhwc: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const name = Conv2DBackpropInput;
  const wasm = asWasmBackend(backend, name);
  const dy = requireInput(inputs, 'dy', name);
  const filter = requireInput(inputs, 'filter', name);
  const xShape = readShape4(attrs, 'inputShape', name);
  const g = readConvGeometry(name, attrs, xShape, shape4Of(filter.shape, 'filter', name), false);
  return composeOnWasm(wasm, (scope) => {
    const flipped = reversedFilter(scope, filter, true);
    const noPadding = g.padTop + g.padBottom + g.padLeft + g.padRight === 0;
    if (g.filterHeight === 1 && g.filterWidth === 1 && noPadding) {
      const dense = scope.run('Conv2D', { x: dy, filter: flipped }, { strides: [1, 1], pad: 'valid', dilations: [1, 1], dataFormat: 'NHWC' });
      if (g.strideHeight === 1 && g.strideWidth === 1) return expectShape(dense, xShape, name);
      const dx = scope.alloc(xShape, 'float32');
      spreadInto(scope, dense, dx, g, 0, 0);
      return dx;
    }
    const { input, pad } = transposedConvInput(scope, dy, g);
    const dx = scope.run('Conv2D', { x: input, filter: flipped }, { strides: [1, 1], pad, dilations: [1, 1], dataFormat: 'NHWC' });
    return expectShape(dx, xShape, name);
  });
};

/** Our Conv2DBackpropInput for NHWC, `original` (wasm's own kernel) for NCHW. */
export function createConv2dBackpropInputConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) =>
    args.attrs?.['dataFormat'] === 'NCHW' ? original.kernelFunc(args) : conv2dBackpropInputNhwc(args);
  const config: KernelConfig = { kernelName: Conv2DBackpropInput, backendName: 'wasm', kernelFunc };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}
