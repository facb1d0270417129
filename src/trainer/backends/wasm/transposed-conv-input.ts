/**
 * The input gradient of a convolution, written as a forward convolution so that XNNPACK runs it.
 *
 * Per spatial axis the forward pass is out[o] = Σ_k xpad[o·s + k]·w[k] with xpad[i + padBefore] = x[i]. So
 * dx[i] = Σ_k dyd[i + padBefore − k]·w[k], where dyd is dy with s − 1 zeros inserted between its entries
 * (length (O − 1)·s + 1). With the filter reversed this is a stride-1 correlation of dyd padded by
 * F − 1 − padBefore in front and I − (O − 1)·s − 1 + padBefore behind (Dumoulin & Visin, "A guide to
 * convolution arithmetic for deep learning", 2016, §4). For stride 1 and ordinary padding both amounts are
 * non-negative and dy is used as is, with XNNPACK doing the padding; otherwise dy is spread into a
 * zero-filled buffer here, which also crops when an explicit padding exceeds F − 1.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv-geometry';
import { simdKernelsFor } from './simd/simd-kernels';
import type { WasmKernelScope } from './wasm-kernel-scope';

/** What the stride-1 forward convolution over dy needs: its input and its explicit padding. */
interface TransposedConvInput {
  input: TensorInfo;
  pad: [[0, 0], [number, number], [number, number], [0, 0]];
}

/**
 * The padding of the equivalent forward correlation, per axis: [before, after]. `inSize` is the forward input
 * length, `outSize` the forward output length.
 */
function axisPads(inSize: number, outSize: number, filter: number, stride: number, padBefore: number): [number, number] {
  return [filter - 1 - padBefore, inSize - (outSize - 1) * stride - 1 + padBefore];
}

/**
 * Prepares dy (shape [batch, outHeight, outWidth, channels]) as the input of a stride-1 'explicit'-padded
 * forward convolution whose output has the forward input's spatial size.
 */
export function transposedConvInput(scope: WasmKernelScope, dy: TensorInfo, g: ConvGeometry): TransposedConvInput {
  const [top, bottom] = axisPads(g.inHeight, g.outHeight, g.filterHeight, g.strideHeight, g.padTop);
  const [left, right] = axisPads(g.inWidth, g.outWidth, g.filterWidth, g.strideWidth, g.padLeft);
  const unit = g.strideHeight === 1 && g.strideWidth === 1;
  if (unit && top >= 0 && bottom >= 0 && left >= 0 && right >= 0) {
    return { input: dy, pad: [[0, 0], [top, bottom], [left, right], [0, 0]] };
  }
  const height = g.inHeight + g.filterHeight - 1;
  const width = g.inWidth + g.filterWidth - 1;
  const spread = scope.alloc([g.batch, height, width, dy.shape[3] ?? 0], 'float32');
  spreadInto(scope, dy, spread, g, top, left);
  return { input: spread, pad: [[0, 0], [0, 0], [0, 0], [0, 0]] };
}

/**
 * Zero-fills `target` ([batch, height, width, channels]) and writes pixel (oy, ox) of `source`
 * ([batch, outHeight, outWidth, channels]) at (oy·strideHeight + top, ox·strideWidth + left), dropping what
 * falls outside. One SIMD strided row copy per output row (simd/copy-rows.ts), a JavaScript loop without it.
 */
export function spreadInto(scope: WasmKernelScope, source: TensorInfo, target: TensorInfo, g: ConvGeometry, top: number, left: number): void {
  const [, height = 0, width = 0, channels = 0] = target.shape;
  const { strideHeight: sh, strideWidth: sw } = g;
  const xStart = Math.max(0, Math.ceil(-left / sw));
  const xEnd = Math.min(g.outWidth, Math.floor((width - 1 - left) / sw) + 1);
  const simd = simdKernelsFor(scope.backend);
  const out = scope.f32(target);
  const src = scope.f32(source);
  out.fill(0);
  if (xEnd <= xStart) return;
  const [srcAt, dstAt] = [scope.backend.getMemoryOffset(source.dataId), scope.backend.getMemoryOffset(target.dataId)];
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      const y = oy * sh + top;
      if (y < 0 || y >= height) continue;
      const from = ((b * g.outHeight + oy) * g.outWidth + xStart) * channels;
      const to = ((b * height + y) * width + xStart * sw + left) * channels;
      if (simd !== undefined) {
        simd.copyRows(srcAt + from * 4, dstAt + to * 4, xEnd - xStart, channels * 4, channels * 4, sw * channels * 4);
        continue;
      }
      for (let ox = 0; ox < xEnd - xStart; ox++) {
        out.set(src.subarray(from + ox * channels, from + (ox + 1) * channels), to + ox * sw * channels);
      }
    }
  }
}

/**
 * The filter of the equivalent forward correlation: spatially reversed, and for a regular convolution with
 * its in and out channels swapped ([fh, fw, in, out] → [fh, fw, out, in]). For a depthwise filter
 * ([fh, fw, channels, multiplier]) only the reversal applies.
 */
export function reversedFilter(scope: WasmKernelScope, filter: TensorInfo, swapChannels: boolean): TensorInfo {
  const [fh = 0, fw = 0, cin = 0, cout = 0] = filter.shape;
  const reversed = scope.alloc(swapChannels ? [fh, fw, cout, cin] : [fh, fw, cin, cout], 'float32');
  const out = scope.f32(reversed);
  const src = scope.f32(filter);
  const block = cin * cout;
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++) {
      const from = ((fh - 1 - y) * fw + (fw - 1 - x)) * block;
      const to = (y * fw + x) * block;
      if (!swapChannels) {
        out.set(src.subarray(from, from + block), to);
        continue;
      }
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) out[to + o * cin + i] = src[from + i * cout + o]!;
      }
    }
  }
  return reversed;
}
