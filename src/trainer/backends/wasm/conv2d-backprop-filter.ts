/**
 * Conv2DBackpropFilter for the wasm backend (missing from @tensorflow/tfjs-backend-wasm 4.22; the pure-JS cpu
 * kernel runs at 0.005–0.02 GFLOP/s at ENAS shapes, bench/wasm-kernels.ts).
 *
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} xpad[b, oh·s + kh, ow·s + kw, ci] · dy[b, oh, ow, co]. A WebAssembly SIMD
 * kernel sums these outer products where the rows lie (simd/outer-rows.ts), in float32 over at most
 * ROWS_PER_FOLD terms and in float64 beyond. It takes channels four at a time, so a channel count that is not
 * a multiple of 4 (the RGB stem) is first padded with zero channels, a copy far cheaper than the alternative:
 * 49 ms for the 3 → 60 stem through XNNPACK, measured here. Without WebAssembly SIMD, XNNPACK:
 * for a pointwise convolution (1×1, stride 1, no padding) one matrix product xᵀ·dy over the batch·pixels
 * axis; in general a convolution itself, the input x read as [ci, h, w, b] (batch ci, channels b) convolved
 * with dy read as the filter [oh, ow, b, co], dilated by the forward stride, its [ci, kh, kw, co] output
 * reordered to the filter layout. XNNPACK repacks its operands on every call, since every step brings new
 * buffers; that is what the SIMD kernel saves.
 */
import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { isPointwise, readConvGeometry, readShape4, shape4Of, tapColumns } from './conv-geometry';
import type { ConvGeometry } from './conv-geometry';
import { simdKernelsFor } from './simd/simd-kernels';
import type { SimdKernels } from './simd/simd-kernels';
import { copyBetween, wholeBox } from './strided-copy';
import type { WasmKernelScope } from './wasm-kernel-scope';
import { asWasmBackend, composeOnWasm, expectShape, requireInput, reshapeView } from './wasm-kernel-scope';

/** Float32 terms per filter entry before the partial sums are folded into float64. */
const ROWS_PER_FOLD = 1024;

function simdFilterGrad(simd: SimdKernels, scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const [ci, co] = [g.inChannels, g.outChannels];
  const size = g.filterHeight * g.filterWidth * ci * co;
  const dw = scope.alloc([g.filterHeight, g.filterWidth, ci, co], 'float32');
  const partial = scope.alloc([size], 'float32');
  const partialSums = scope.f32(partial);
  const total = new Float64Array(size);
  const fold = (): void => {
    for (let i = 0; i < size; i++) total[i]! += partialSums[i]!;
    partialSums.fill(0);
  };
  partialSums.fill(0);
  const at = (t: TensorInfo): number => scope.backend.getMemoryOffset(t.dataId);
  const [xAt, dyAt, partialAt] = [at(x), at(dy), at(partial)];
  const [xPixel, dyPixel] = [ci * 4, co * 4];
  const outer = (xFrom: number, dyFrom: number, tap: number, rows: number, xStep: number): void =>
    simd.outerRows(xFrom, dyFrom, partialAt + tap * ci * co * 4, rows, xStep, dyPixel, ci / 4, co / 4, dyPixel);
  if (isPointwise(g)) {
    const pixels = g.batch * g.inHeight * g.inWidth;
    for (let p = 0; p < pixels; p += ROWS_PER_FOLD) {
      outer(xAt + p * xPixel, dyAt + p * dyPixel, 0, Math.min(ROWS_PER_FOLD, pixels - p), xPixel);
      fold();
    }
  } else {
    const { start, end } = tapColumns(g);
    const outputRowsPerFold = Math.max(1, Math.floor(ROWS_PER_FOLD / g.outWidth));
    let outputRows = 0;
    for (let b = 0; b < g.batch; b++) {
      for (let oy = 0; oy < g.outHeight; oy++) {
        const dyRow = dyAt + (b * g.outHeight + oy) * g.outWidth * dyPixel;
        for (let ky = 0; ky < g.filterHeight; ky++) {
          const y = oy * g.strideHeight + ky - g.padTop;
          if (y < 0 || y >= g.inHeight) continue;
          const xRow = xAt + (b * g.inHeight + y) * g.inWidth * xPixel;
          for (let kx = 0; kx < g.filterWidth; kx++) {
            const first = start[kx]!;
            const rows = end[kx]! - first;
            if (rows <= 0) continue;
            const xFirst = xRow + (first * g.strideWidth + kx - g.padLeft) * xPixel;
            outer(xFirst, dyRow + first * dyPixel, ky * g.filterWidth + kx, rows, g.strideWidth * xPixel);
          }
        }
        if (++outputRows % outputRowsPerFold === 0) fold();
      }
    }
    fold();
  }
  scope.f32(dw).set(total);
  return dw;
}

function pointwiseFilterGrad(scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const pixels = g.batch * g.inHeight * g.inWidth;
  const [ci, co] = [g.inChannels, g.outChannels];
  // XNNPACK's matmul path in tfjs-wasm needs both operands untransposed, so one of them is transposed first:
  // the one with fewer channels, since wasm's Transpose is slow (35 ms for 32768 × 140, measured here).
  const matmul = (a: TensorInfo, b: TensorInfo): TensorInfo =>
    scope.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  if (ci <= co) {
    const xT = scope.run('Transpose', { x: reshapeView(x, [pixels, ci]) }, { perm: [1, 0] });
    const dw = matmul(reshapeView(xT, [1, ci, pixels]), reshapeView(dy, [1, pixels, co]));
    return reshapeView(dw, [1, 1, ci, co]);
  }
  const dyT = scope.run('Transpose', { x: reshapeView(dy, [pixels, co]) }, { perm: [1, 0] });
  const product = matmul(reshapeView(dyT, [1, co, pixels]), reshapeView(x, [1, pixels, ci]));
  const dw = scope.alloc([1, 1, ci, co], 'float32');
  // Views after the last allocation: growing the heap detaches earlier ones.
  const dwT = scope.f32(product);
  const out = scope.f32(dw);
  for (let i = 0; i < ci; i++) {
    for (let o = 0; o < co; o++) out[i * co + o] = dwT[o * ci + i]!;
  }
  return dw;
}

function convFilterGrad(scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const xT = scope.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyT = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  // Pad after so that the output is exactly filterHeight × filterWidth; when the forward pass ignored trailing
  // rows (stride > 1, little padding) that amount is negative and the extra output rows are dropped below.
  const extraBottom = g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - g.padTop;
  const extraRight = g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - g.padLeft;
  const pad = [[0, 0], [g.padTop, Math.max(0, extraBottom)], [g.padLeft, Math.max(0, extraRight)], [0, 0]];
  const full = scope.run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad,
    dilations: [g.strideHeight, g.strideWidth],
    dataFormat: 'NHWC',
  });
  const [, fullHeight = 0, fullWidth = 0] = full.shape;
  const dw = scope.alloc([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], 'float32');
  const out = scope.f32(dw);
  const src = scope.f32(full);
  const co = g.outChannels;
  for (let ky = 0; ky < g.filterHeight; ky++) {
    for (let kx = 0; kx < g.filterWidth; kx++) {
      for (let ci = 0; ci < g.inChannels; ci++) {
        const from = ((ci * fullHeight + ky) * fullWidth + kx) * co;
        out.set(src.subarray(from, from + co), ((ky * g.filterWidth + kx) * g.inChannels + ci) * co);
      }
    }
  }
  return dw;
}

/** `t` ([..., c]) with its channels zero-padded to `to`, or `t` itself when c is already `to`. */
function padChannels(scope: WasmKernelScope, t: TensorInfo, to: number): TensorInfo {
  const c = t.shape[t.shape.length - 1] ?? 0;
  if (c === to) return t;
  const shape = [...t.shape.slice(0, -1), to];
  const padded = scope.alloc(shape, 'float32');
  scope.f32(padded).fill(0);
  copyBetween(scope.backend, t, wholeBox(t.shape), padded, { shape, begin: shape.map(() => 0), size: t.shape });
  return padded;
}

/** The SIMD path for any channel counts: pads them to multiples of 4, then keeps the real filter entries. */
function paddedSimdFilterGrad(simd: SimdKernels, scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const [ci, co] = [g.inChannels, g.outChannels];
  const [ci4, co4] = [Math.ceil(ci / 4) * 4, Math.ceil(co / 4) * 4];
  if (ci4 === ci && co4 === co) return simdFilterGrad(simd, scope, x, dy, g);
  const full = simdFilterGrad(simd, scope, padChannels(scope, x, ci4), padChannels(scope, dy, co4), { ...g, inChannels: ci4, outChannels: co4 });
  const shape = [g.filterHeight, g.filterWidth, ci, co];
  const dw = scope.alloc(shape, 'float32');
  const fullShape = [g.filterHeight, g.filterWidth, ci4, co4];
  copyBetween(scope.backend, full, { shape: fullShape, begin: [0, 0, 0, 0], size: shape }, dw, wholeBox(shape));
  return dw;
}

const conv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const name = Conv2DBackpropFilter;
  const wasm = asWasmBackend(backend, name);
  const x = requireInput(inputs, 'x', name);
  const dy = requireInput(inputs, 'dy', name);
  const filterShape = readShape4(attrs, 'filterShape', name);
  const g = readConvGeometry(name, attrs, shape4Of(x.shape, 'x', name), filterShape, false);
  return composeOnWasm(wasm, (scope) => {
    const simd = simdKernelsFor(wasm);
    let dw: TensorInfo;
    if (simd !== undefined) dw = paddedSimdFilterGrad(simd, scope, x, dy, g);
    else dw = isPointwise(g) ? pointwiseFilterGrad(scope, x, dy, g) : convFilterGrad(scope, x, dy, g);
    return expectShape(dw, filterShape, name);
  });
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter,
};
