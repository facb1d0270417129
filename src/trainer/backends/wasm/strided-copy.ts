/**
 * Copying a box of one tensor into (a box of) another on the wasm heap: the data movement under Slice, SplitV
 * and Concat. Axes taken whole are merged first, so that what remains is a few 2-D blocks of equal-length
 * runs, each one call of the SIMD module's row copy (simd/copy-rows.ts), or of a JavaScript loop where that
 * module cannot run.
 */
import { util } from '@tensorflow/tfjs-core';
import type { TensorInfo, TypedArray } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernelsFor } from './simd/simd-kernels';

/** A box within a tensor: its shape, and where the box starts and how large it is, per axis. */
export interface Box {
  shape: readonly number[];
  begin: readonly number[];
  size: readonly number[];
}

/**
 * Merges every axis that both boxes take whole into the axis before it (a channel slice of NHWC becomes
 * [N·H·W, C] → [rows, channels]), so that the copy is few 2-D blocks of equal runs. `size` is common to both.
 */
function mergeWholeAxes(from: Box, to: Box): { size: number[]; from: Box; to: Box } {
  const size = [...from.size];
  const shapes = [[...from.shape], [...to.shape]];
  const begins = [[...from.begin], [...to.begin]];
  for (let d = size.length - 1; d >= 1; d--) {
    if (!shapes.every((shape, k) => begins[k]![d] === 0 && size[d] === shape[d])) continue;
    const extent = size[d]!;
    size.splice(d, 1);
    size[d - 1]! *= extent;
    for (let k = 0; k < 2; k++) {
      shapes[k]!.splice(d, 1);
      begins[k]!.splice(d, 1);
      shapes[k]![d - 1]! *= extent;
      begins[k]![d - 1]! *= extent;
    }
  }
  return { size, from: { shape: shapes[0]!, begin: begins[0]!, size }, to: { shape: shapes[1]!, begin: begins[1]!, size } };
}

/** Element offset of the first element of every 2-D block (the last two axes) of a box, in order. */
function blockStarts(box: Box): number[] {
  const rank = box.shape.length;
  const strides = [...util.computeStrides([...box.shape]), 1];
  const starts: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis >= rank - 2) {
      starts.push(offset + box.begin.slice(axis).reduce((sum, b, i) => sum + b * strides[axis + i]!, 0));
      return;
    }
    const at = offset + box.begin[axis]! * strides[axis]!;
    for (let i = 0; i < box.size[axis]!; i++) visit(axis + 1, at + i * strides[axis]!);
  };
  visit(0, 0);
  return starts;
}

/** Copies box `from` of tensor `src` into box `to` of tensor `dst` (boxes of the same size). */
export function copyBetween(backend: BackendWasm, src: TensorInfo, from: Box, dst: TensorInfo, to: Box): void {
  const merged = mergeWholeAxes(from, to);
  const rank = merged.size.length;
  if (merged.size.some((s) => s === 0)) return;
  const run = rank === 0 ? 1 : merged.size[rank - 1]!;
  const rows = rank < 2 ? 1 : merged.size[rank - 2]!;
  const srcStride = merged.from.shape[rank - 1] ?? 1;
  const dstStride = merged.to.shape[rank - 1] ?? 1;
  const sources = blockStarts(merged.from);
  const targets = blockStarts(merged.to);
  const srcView = backend.typedArrayFromHeap(src);
  const dstView = backend.typedArrayFromHeap(dst);
  const simd = simdKernelsFor(backend);
  const bytes = srcView.BYTES_PER_ELEMENT;
  const srcAt = backend.getMemoryOffset(src.dataId);
  const dstAt = backend.getMemoryOffset(dst.dataId);
  sources.forEach((s0, i) => {
    const d0 = targets[i]!;
    if (simd !== undefined) {
      simd.copyRows(srcAt + s0 * bytes, dstAt + d0 * bytes, rows, run * bytes, srcStride * bytes, dstStride * bytes);
    } else {
      copyRowsInJs(srcView, s0, srcStride, dstView, d0, dstStride, rows, run);
    }
  });
}

function copyRowsInJs(src: TypedArray, s0: number, srcStride: number, dst: TypedArray, d0: number, dstStride: number, rows: number, run: number): void {
  for (let r = 0; r < rows; r++) {
    const s = s0 + r * srcStride;
    dst.set(src.subarray(s, s + run), d0 + r * dstStride);
  }
}

/** The box covering a whole tensor of this shape. */
export function wholeBox(shape: readonly number[]): Box {
  return { shape, begin: shape.map(() => 0), size: shape };
}
