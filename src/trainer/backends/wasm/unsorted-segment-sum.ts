/**
 * UnsortedSegmentSum for the wasm backend (missing from @tensorflow/tfjs-backend-wasm 4.22). tfjs-core's
 * gather gradient needs it, so an embedding lookup (the RNN space's word embeddings) cannot train without it.
 *
 * out[s, …] = Σ_{r : ids[r] = s} x[r, …]. Rows whose id lies outside [0, numSegments) are dropped, as the cpu
 * backend drops them (it sums x under the mask ids = s for each s). Float sums are kept in float64 like the
 * cpu backend's, so many rows landing on one segment stay within float32 rounding of it.
 */
import { UnsortedSegmentSum } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { asWasmBackend, composeOnWasm, requireInput } from './wasm-kernel-scope';

const unsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const name = UnsortedSegmentSum;
  const wasm = asWasmBackend(backend, name);
  const x = requireInput(inputs, 'x', name);
  const segmentIds = requireInput(inputs, 'segmentIds', name);
  const numSegments: unknown = attrs['numSegments'];
  if (typeof numSegments !== 'number' || !Number.isInteger(numSegments) || numSegments < 0) {
    throw new EnasError('KERNEL_UNSUPPORTED', `${name}: numSegments must be a non-negative integer, received ${JSON.stringify(numSegments)}`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new EnasError('KERNEL_UNSUPPORTED', `${name}: x must be float32 or int32, received ${x.dtype}`);
  }
  const rows = x.shape[0] ?? 1;
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== rows || segmentIds.dtype !== 'int32') {
    throw new EnasError(
      'KERNEL_UNSUPPORTED',
      `${name}: segmentIds must be int32 of shape [${rows}], received ${segmentIds.dtype} [${segmentIds.shape.join(', ')}]`,
    );
  }
  const rowShape = x.shape.slice(1);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  return composeOnWasm(wasm, (scope) => {
    const out = scope.alloc([numSegments, ...rowShape], x.dtype);
    const ids = wasm.typedArrayFromHeap(segmentIds);
    const values = wasm.typedArrayFromHeap(x);
    const sums = x.dtype === 'float32' ? new Float64Array(numSegments * rowSize) : new Int32Array(numSegments * rowSize);
    for (let r = 0; r < rows; r++) {
      const s = ids[r]!;
      if (s < 0 || s >= numSegments) continue;
      const to = s * rowSize;
      const from = r * rowSize;
      for (let i = 0; i < rowSize; i++) sums[to + i]! += values[from + i]!;
    }
    wasm.typedArrayFromHeap(out).set(sums);
    return out;
  });
};

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
