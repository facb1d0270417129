/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (missing from @tensorflow/tfjs-backend-wasm 4.22).
 *
 * dW[kh, kw, c, m] = Σ_{b, oh, ow} xpad[b, oh·s + kh, ow·s + kw, c] · dy[b, oh, ow, c·M + m]. Every filter tap
 * is a per-channel dot product over batch × pixels: little arithmetic (2·N·OH·OW·C·M·KH·KW flops) over a lot of
 * memory, so it is a direct loop over the wasm heap that reads x and dy row by row while they are in cache:
 * for every (image, output row, tap) one call of a WebAssembly SIMD kernel sums x ⊙ dy along the row, four
 * channels at a time (simd/dot-rows.ts). Channel counts that are not a multiple of 4, channel multipliers
 * above 1, or a runtime without WebAssembly SIMD take the same loops in scalar JavaScript. Long sums are kept in
 * float64, as the cpu backend does, so that reductions over batch 32 × 32 × 32 pixels stay within float32
 * rounding of the reference.
 */
import { DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { readConvGeometry, readShape4, shape4Of, tapColumns } from './conv-geometry';
import type { ConvGeometry } from './conv-geometry';
import { simdKernelsFor } from './simd/simd-kernels';
import type { SimdKernels } from './simd/simd-kernels';
import type { WasmKernelScope } from './wasm-kernel-scope';
import { asWasmBackend, composeOnWasm, requireInput } from './wasm-kernel-scope';

/** The SIMD path: byte offsets into the wasm heap; `accAt` points to kh·kw·C float64 zeros. */
function accumulateWithSimd(simd: SimdKernels, xAt: number, dyAt: number, accAt: number, g: ConvGeometry): void {
  const { batch, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = g;
  const { strideHeight, strideWidth, padTop, padLeft, inChannels: c } = g;
  const { start, end } = tapColumns(g);
  const pixel = c * 4;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const dyRow = dyAt + (b * outHeight + oy) * outWidth * pixel;
      for (let ky = 0; ky < filterHeight; ky++) {
        const y = oy * strideHeight + ky - padTop;
        if (y < 0 || y >= inHeight) continue;
        const xRow = xAt + (b * inHeight + y) * inWidth * pixel;
        for (let kx = 0; kx < filterWidth; kx++) {
          const first = start[kx]!;
          const n = end[kx]! - first;
          if (n <= 0) continue;
          const xFirst = xRow + (first * strideWidth + kx - padLeft) * pixel;
          simd.dotRows(xFirst, dyRow + first * pixel, accAt + (ky * filterWidth + kx) * c * 8, n, strideWidth * pixel, pixel, c / 4);
        }
      }
    }
  }
}

/**
 * The scalar path: accumulates into `acc` ([kh, kw, c·M]). The geometry is copied into locals first: V8 then
 * keeps the loop bounds in registers (≈ 2× faster than reading `g.…`).
 */
function accumulateDepthwiseFilterGrad(x: Float32Array, dy: Float32Array, acc: Float64Array, g: ConvGeometry): void {
  const { batch, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = g;
  const { strideHeight, strideWidth, padTop, padLeft, channelMultiplier: m, inChannels: cin, outChannels: cout } = g;
  const { start, end } = tapColumns(g);
  const xRowStride = inWidth * cin;
  const dyRowStride = outWidth * cout;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const dyRow = (b * outHeight + oy) * dyRowStride;
      for (let ky = 0; ky < filterHeight; ky++) {
        const y = oy * strideHeight + ky - padTop;
        if (y < 0 || y >= inHeight) continue;
        const xRow = (b * inHeight + y) * xRowStride;
        for (let kx = 0; kx < filterWidth; kx++) {
          const shift = kx - padLeft;
          const oxStart = start[kx]!;
          const oxEnd = end[kx]!;
          const tap = (ky * filterWidth + kx) * cout;
          if (m === 1) {
            for (let ox = oxStart; ox < oxEnd; ox++) {
              const xAt = xRow + (ox * strideWidth + shift) * cin;
              const dyAt = dyRow + ox * cout;
              for (let c = 0; c < cin; c++) acc[tap + c]! += x[xAt + c]! * dy[dyAt + c]!;
            }
            continue;
          }
          for (let ox = oxStart; ox < oxEnd; ox++) {
            const xAt = xRow + (ox * strideWidth + shift) * cin;
            const dyAt = dyRow + ox * cout;
            for (let c = 0; c < cin; c++) {
              const xv = x[xAt + c]!;
              for (let j = 0; j < m; j++) acc[tap + c * m + j]! += xv * dy[dyAt + c * m + j]!;
            }
          }
        }
      }
    }
  }
}

function offsetOf(scope: WasmKernelScope, info: { dataId: object }): number {
  return scope.backend.getMemoryOffset(info.dataId);
}

const depthwiseConv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const name = DepthwiseConv2dNativeBackpropFilter;
  const wasm = asWasmBackend(backend, name);
  const x = requireInput(inputs, 'x', name);
  const dy = requireInput(inputs, 'dy', name);
  const filterShape = readShape4(attrs, 'filterShape', name);
  const g = readConvGeometry(name, attrs, shape4Of(x.shape, 'x', name), filterShape, true);
  return composeOnWasm(wasm, (scope) => {
    const dw = scope.alloc(filterShape, 'float32');
    const size = g.filterHeight * g.filterWidth * g.outChannels;
    const simd = g.channelMultiplier === 1 && g.inChannels % 4 === 0 ? simdKernelsFor(wasm) : undefined;
    if (simd === undefined) {
      const acc = new Float64Array(size);
      accumulateDepthwiseFilterGrad(scope.f32(x), scope.f32(dy), acc, g);
      scope.f32(dw).set(acc);
      return dw;
    }
    // float64 accumulators on the heap: 2 float32 slots each.
    const accInfo = scope.alloc([2 * size], 'float32');
    const accAt = offsetOf(scope, accInfo);
    new Float64Array(scope.f32(accInfo).buffer, accAt, size).fill(0);
    accumulateWithSimd(simd, offsetOf(scope, x), offsetOf(scope, dy), accAt, g);
    scope.f32(dw).set(new Float64Array(scope.f32(accInfo).buffer, accAt, size));
    return dw;
  });
};

export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilter,
};
