/**
 * AvgPoolGrad for the wasm backend, replacing wasm's own kernel (a scalar C++ loop: 14 ms for a 3×3 pool of
 * 32×32×32×20, measured here) by one XNNPACK depthwise convolution.
 *
 * Every output pixel spreads dy·1/(fh·fw) over its window, so dx is the transposed convolution of dy with a
 * constant filter (transposed-conv-input.ts). 1/(fh·fw) at the borders too: that is what tfjs's cpu and wasm
 * kernels compute, although tfjs's forward pass divides border windows by the number of pixels inside the
 * image (TensorFlow's own gradient divides by that count as well); we match the tfjs reference.
 */
import { AvgPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { readPoolGeometry, shape4Of } from './conv-geometry';
import { transposedConvInput } from './transposed-conv-input';
import { asWasmBackend, composeOnWasm, expectShape, requireInput } from './wasm-kernel-scope';

const avgPoolGrad: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const name = AvgPoolGrad;
  const wasm = asWasmBackend(backend, name);
  const dy = requireInput(inputs, 'dy', name);
  const input = requireInput(inputs, 'input', name);
  const xShape = shape4Of(input.shape, 'input', name);
  const g = readPoolGeometry(name, attrs, xShape);
  return composeOnWasm(wasm, (scope) => {
    const { input: spread, pad } = transposedConvInput(scope, dy, g);
    const filter = scope.alloc([g.filterHeight, g.filterWidth, g.inChannels, 1], 'float32');
    scope.f32(filter).fill(1 / (g.filterHeight * g.filterWidth));
    const dx = scope.run('DepthwiseConv2dNative', { x: spread, filter }, { strides: [1, 1], pad, dilations: [1, 1] });
    return expectShape(dx, xShape, name);
  });
};

export const avgPoolGradConfig: KernelConfig = {
  kernelName: AvgPoolGrad,
  backendName: 'wasm',
  kernelFunc: avgPoolGrad,
};
