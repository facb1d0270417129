/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (missing from @tensorflow/tfjs-backend-wasm 4.22):
 * one XNNPACK depthwise convolution of dy with the spatially reversed filter (derivation in
 * transposed-conv-input.ts). With a channel multiplier M, dy has C·M channels; each is convolved with its own
 * reversed filter slice (the [fh, fw, C, M] filter read as [fh, fw, C·M, 1]) and the M results of every input
 * channel are summed.
 */
import { DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { readConvGeometry, readShape4, shape4Of } from './conv-geometry';
import { reversedFilter, transposedConvInput } from './transposed-conv-input';
import { asWasmBackend, composeOnWasm, expectShape, requireInput, reshapeView } from './wasm-kernel-scope';

const depthwiseConv2dBackpropInput: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const name = DepthwiseConv2dNativeBackpropInput;
  const wasm = asWasmBackend(backend, name);
  const dy = requireInput(inputs, 'dy', name);
  const filter = requireInput(inputs, 'filter', name);
  const xShape = readShape4(attrs, 'inputShape', name);
  const g = readConvGeometry(name, attrs, xShape, shape4Of(filter.shape, 'filter', name), true);
  return composeOnWasm(wasm, (scope) => {
    const { input, pad } = transposedConvInput(scope, dy, g);
    const flipped = reversedFilter(scope, filter, false);
    const perOutputChannel = reshapeView(flipped, [g.filterHeight, g.filterWidth, g.outChannels, 1]);
    const attrsOut = { strides: [1, 1], pad, dilations: [1, 1] };
    const dxPerOut = scope.run('DepthwiseConv2dNative', { x: input, filter: perOutputChannel }, attrsOut);
    if (g.channelMultiplier === 1) return expectShape(dxPerOut, xShape, name);
    const grouped = reshapeView(dxPerOut, [...xShape, g.channelMultiplier]);
    const dx = scope.run('Sum', { x: grouped }, { axis: [4], keepDims: false });
    return expectShape(dx, xShape, name);
  });
};

export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInput,
};
