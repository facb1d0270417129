/**
 * Sum and Mean over every axis but the last (per-channel statistics of an NHWC tensor) for the wasm backend.
 * Batch norm's mean and variance and the gradients of every per-channel broadcast (scale, offset, bias) are
 * such reductions; wasm's kernels first transpose the whole tensor to put the channel axis outermost
 * (3 ms for 32×32×32×20, ≈ 200 calls in one ENAS child step, measured here).
 *
 * Here the rows are summed where they lie: SIMD row sums against a row of ones (simd/dot-rows.ts) over
 * blocks of 64 rows in float32, the blocks accumulated in float64 (the cpu backend sums in float64 too).
 * Other reductions, and int32 tensors, go to wasm's kernels.
 */
import { Mean, Sum, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernelsFor } from './simd/simd-kernels';
import { asWasmBackend, composeOnWasm } from './wasm-kernel-scope';

/** Rows summed in float32 before their sum is added to the float64 total. */
const BLOCK_ROWS = 64;

/** rows × cols when `axis` is every axis of x but the last; undefined otherwise. */
function leadingAxesLayout(x: TensorInfo, axis: unknown): { rows: number; cols: number } | undefined {
  const rank = x.shape.length;
  if (x.dtype !== 'float32' || rank < 2) return undefined;
  if (typeof axis !== 'number' && !(Array.isArray(axis) && axis.every((a) => typeof a === 'number'))) return undefined;
  const axes = [...util.parseAxisParam(axis as number | number[], x.shape)].sort((a, b) => a - b);
  if (axes.length !== rank - 1 || axes.some((a, i) => a !== i)) return undefined;
  const cols = x.shape[rank - 1] ?? 0;
  return { rows: util.sizeFromShape(x.shape) / Math.max(cols, 1), cols };
}

function columnSums(wasm: BackendWasm, x: TensorInfo, rows: number, cols: number, scale: number, keepDims: boolean): TensorInfo {
  const outShape = keepDims ? x.shape.map((d, i) => (i === x.shape.length - 1 ? d : 1)) : [cols];
  return composeOnWasm(wasm, (scope) => {
    const out = scope.alloc(outShape, 'float32');
    const simd = cols % 4 === 0 ? simdKernelsFor(wasm) : undefined;
    let sums: Float64Array;
    if (simd !== undefined) {
      const ones = scope.alloc([cols], 'float32');
      const acc = scope.alloc([2 * cols], 'float32');
      scope.f32(ones).fill(1);
      const accAt = wasm.getMemoryOffset(acc.dataId);
      const heap = scope.f32(acc).buffer;
      new Float64Array(heap, accAt, cols).fill(0);
      const xAt = wasm.getMemoryOffset(x.dataId);
      const onesAt = wasm.getMemoryOffset(ones.dataId);
      for (let r = 0; r < rows; r += BLOCK_ROWS) {
        simd.dotRows(xAt + r * cols * 4, onesAt, accAt, Math.min(BLOCK_ROWS, rows - r), cols * 4, 0, cols / 4);
      }
      sums = new Float64Array(heap, accAt, cols);
    } else {
      const values = scope.f32(x);
      sums = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) sums[c]! += values[r * cols + c]!;
      }
    }
    const result = scope.f32(out);
    for (let c = 0; c < cols; c++) result[c] = sums[c]! * scale;
    return out;
  });
}

function createReductionConfig(kernelName: typeof Sum | typeof Mean, original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'];
    const layout = x === undefined ? undefined : leadingAxesLayout(x, args.attrs?.['axis']);
    if (x === undefined || layout === undefined || layout.rows === 0) return original.kernelFunc(args);
    const scale = kernelName === Mean ? 1 / layout.rows : 1;
    const keepDims = args.attrs?.['keepDims'] === true;
    return columnSums(asWasmBackend(args.backend, kernelName), x, layout.rows, layout.cols, scale, keepDims);
  };
  const config: KernelConfig = { kernelName, backendName: 'wasm', kernelFunc };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}

export const createSumConfig = (original: KernelConfig): KernelConfig => createReductionConfig(Sum, original);
export const createMeanConfig = (original: KernelConfig): KernelConfig => createReductionConfig(Mean, original);
