/**
 * Tile for the wasm backend, replacing wasm's own kernel where it is slow. tfjs-core's batchNorm gradient tiles
 * the per-channel 1/√(var + ε) to the full activation shape; wasm's Tile computes every output element's
 * source index with divisions and took ≈ 1.0 s of a 4.1 s ENAS child step in our first measurement.
 *
 * Here the input is written once into the first tile and then doubled with copyWithin (a memmove) along each
 * axis, innermost first. That pays when each input row is copied at least a few dozen output elements at a
 * time; a tile with many short rows, or of strings, goes to wasm's kernel.
 */
import { Tile } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo, TypedArray } from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { asWasmBackend, composeOnWasm } from './wasm-kernel-scope';

/** Below this many output elements per input row, the per-row copies cost more than wasm's index loop. */
const MIN_ELEMENTS_PER_ROW = 32;

/** Copies out[start, start + length) to the `times − 1` blocks after it, doubling the copied run each time. */
function replicate(out: TypedArray, start: number, length: number, times: number): void {
  const total = length * times;
  let filled = length;
  while (filled < total) {
    const n = Math.min(filled, total - filled);
    out.copyWithin(start + filled, start, start + n);
    filled += n;
  }
}

/** Writes `x` (shape `shape`) tiled `reps` times into `out`. */
function tileInto(out: TypedArray, x: TypedArray, shape: readonly number[], reps: readonly number[]): void {
  const rank = shape.length;
  if (rank === 0) {
    out.set(x);
    return;
  }
  const outStrides = new Array<number>(rank).fill(1);
  const xStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    outStrides[d] = outStrides[d + 1]! * shape[d + 1]! * reps[d + 1]!;
    xStrides[d] = xStrides[d + 1]! * shape[d + 1]!;
  }
  const fill = (dim: number, outAt: number, xAt: number): void => {
    const n = shape[dim]!;
    if (dim === rank - 1) {
      out.set(x.subarray(xAt, xAt + n), outAt);
      replicate(out, outAt, n, reps[dim]!);
      return;
    }
    for (let i = 0; i < n; i++) fill(dim + 1, outAt + i * outStrides[dim]!, xAt + i * xStrides[dim]!);
    replicate(out, outAt, n * outStrides[dim]!, reps[dim]!);
  };
  fill(0, 0, 0);
}

function readReps(value: unknown, rank: number): number[] {
  if (Array.isArray(value) && value.length === rank && value.every((r) => Number.isInteger(r) && r >= 0)) {
    return value as number[];
  }
  throw new EnasError('KERNEL_UNSUPPORTED', `${Tile}: reps must be ${rank} non-negative integers, received ${JSON.stringify(value)}`);
}

/** Our Tile, falling back to `original` (wasm's own kernel) where copying rows would not pay. */
export function createTileConfig(original: KernelConfig): KernelConfig {
  const tile: KernelFunc = (args) => {
    const { inputs, backend, attrs = {} } = args;
    const x: TensorInfo | undefined = inputs['x'];
    if (x === undefined || x.dtype === 'string' || x.dtype === 'complex64') return original.kernelFunc(args);
    const reps = readReps(attrs['reps'], x.shape.length);
    const outShape = x.shape.map((d, i) => d * reps[i]!);
    const outSize = outShape.reduce((a, b) => a * b, 1);
    const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    if (outSize === 0 || rows * MIN_ELEMENTS_PER_ROW > outSize) return original.kernelFunc(args);
    const wasm = asWasmBackend(backend, Tile);
    return composeOnWasm(wasm, (scope) => {
      const out = scope.alloc(outShape, x.dtype);
      tileInto(wasm.typedArrayFromHeap(out), wasm.typedArrayFromHeap(x), x.shape, reps);
      return out;
    });
  };
  const config: KernelConfig = { kernelName: Tile, backendName: 'wasm', kernelFunc: tile };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}
