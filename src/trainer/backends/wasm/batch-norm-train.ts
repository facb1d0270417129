/**
 * The fused batch-norm kernels (src/core/child/layers/batch-norm-kernels.ts has their contracts) for the
 * wasm backend. Batch norm in training, composed of tfjs kernels, passes over every activation about ten
 * times forward and eight times backward (moments, subtract, scale, offset; the gradient's products and
 * sums), each pass one kernel call; in a micro child step profiled with tf.profile, Multiply, Sub and batch
 * norm's forward were the three most expensive kernels, ahead of the convolutions (bench/README.md). Here the forward makes five passes (mean, centre, variance, scale, y)
 * and the backward two (sums, then dx), none of them a kernel call.
 *
 * Per-channel sums are kept in float64, as the cpu backend sums, and the variance is the mean of (x − μ)²,
 * as in tf.moments. With channels a multiple of 4 (every ENAS network here) the passes are our SIMD kernels (dot-rows.ts for
 * the sums, affine-rows.ts for the element-wise passes); otherwise scalar JavaScript, which is correct but
 * slower than tfjs's composition (measured for forward + backward of 32×32×32×20 with a weighted-sum loss,
 * CPU ms, medians: SIMD 22.8, composition 28.9, scalar 40.4, on a loaded machine).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from '../../../core/child/layers/batch-norm-kernels';
import { simdKernelsFor } from './simd/simd-kernels';
import type { SimdKernels } from './simd/simd-kernels';
import { WasmKernelScope, asWasmBackend, requireInput } from './wasm-kernel-scope';

/** Rows summed in float32 before their sum is added to the float64 total (as reduce-leading-axes.ts). */
const BLOCK_ROWS = 64;

/** rows × channels of an NHWC (or [batch, units]) float32 tensor, with the per-channel inputs checked. */
function layoutOf(kernelName: string, x: TensorInfo, perChannel: TensorInfo[]): { rows: number; channels: number } {
  const channels = x.shape[x.shape.length - 1] ?? 0;
  if (x.dtype !== 'float32' || x.shape.length < 2) {
    throw new EnasError('KERNEL_UNSUPPORTED', `${kernelName}: x must be float32 of rank ≥ 2, received ${x.dtype} [${x.shape.join(', ')}]`);
  }
  for (const t of perChannel) {
    if (t.dtype !== 'float32' || t.shape.reduce((a, b) => a * b, 1) !== channels) {
      throw new EnasError('KERNEL_UNSUPPORTED', `${kernelName}: per-channel inputs must be float32 with ${channels} values, received [${t.shape.join(', ')}]`);
    }
  }
  const size = x.shape.reduce((a, b) => a * b, 1);
  return { rows: channels === 0 ? 0 : size / channels, channels };
}

/** Runs `body` with a scope; the outputs it returns are handed out, everything else is freed. */
function withScope(backend: unknown, kernelName: string, body: (scope: WasmKernelScope) => TensorInfo[]): TensorInfo[] {
  const scope = new WasmKernelScope(asWasmBackend(backend, kernelName));
  try {
    return body(scope).map((t) => scope.release(t));
  } finally {
    scope.dispose();
  }
}

/**
 * The two kinds of pass both kernels are made of, on [rows, channels] float32 tensors of the wasm heap:
 * per-channel sums of a product, and a per-channel affine combination of two tensors.
 */
class ChannelPasses {
  private readonly simd: SimdKernels | undefined;

  constructor(
    private readonly scope: WasmKernelScope,
    private readonly rows: number,
    private readonly channels: number,
  ) {
    this.simd = channels % 4 === 0 ? simdKernelsFor(scope.backend) : undefined;
  }

  /** Σ over rows of a ⊙ b per channel (b omitted: Σ a), in float64. */
  sums(a: TensorInfo, b?: TensorInfo): Float64Array {
    const { rows, channels, scope, simd } = this;
    if (simd === undefined) {
      const as = scope.f32(a);
      const bs = b === undefined ? undefined : scope.f32(b);
      const out = new Float64Array(channels);
      for (let r = 0, i = 0; r < rows; r++) {
        for (let c = 0; c < channels; c++, i++) out[c]! += bs === undefined ? as[i]! : as[i]! * bs[i]!;
      }
      return out;
    }
    const wasm = scope.backend;
    const acc = scope.alloc([2 * channels], 'float32');
    let other = b;
    if (other === undefined) {
      other = scope.alloc([channels], 'float32');
      scope.f32(other).fill(1);
    }
    const accAt = wasm.getMemoryOffset(acc.dataId);
    const heap = scope.f32(acc).buffer;
    new Float64Array(heap, accAt, channels).fill(0);
    const aAt = wasm.getMemoryOffset(a.dataId);
    const bAt = wasm.getMemoryOffset(other.dataId);
    const rowBytes = channels * 4;
    const bStep = b === undefined ? 0 : rowBytes;
    for (let r = 0; r < rows; r += BLOCK_ROWS) {
      simd.dotRows(aAt + r * rowBytes, bAt + r * bStep, accAt, Math.min(BLOCK_ROWS, rows - r), rowBytes, bStep, channels / 4);
    }
    return new Float64Array(heap, accAt, channels).slice();
  }

  /** out = x ⊙ a + y ⊙ b + c, with a, b, c per channel; out may be x or y. */
  affine(x: TensorInfo, y: TensorInfo, a: Float64Array, b: Float64Array, c: Float64Array, out: TensorInfo): void {
    const { rows, channels, scope, simd } = this;
    if (simd === undefined) {
      const xs = scope.f32(x);
      const ys = scope.f32(y);
      const outs = scope.f32(out);
      for (let r = 0, i = 0; r < rows; r++) {
        for (let k = 0; k < channels; k++, i++) outs[i] = xs[i]! * a[k]! + ys[i]! * b[k]! + c[k]!;
      }
      return;
    }
    const wasm = scope.backend;
    const coef = scope.alloc([3 * channels], 'float32');
    const values = scope.f32(coef);
    for (let k = 0; k < channels; k++) {
      // Per vector of four channels: its four a's, four b's, four c's.
      const at = 12 * (k >> 2) + (k & 3);
      values[at] = a[k]!;
      values[at + 4] = b[k]!;
      values[at + 8] = c[k]!;
    }
    const at = (t: TensorInfo): number => wasm.getMemoryOffset(t.dataId);
    simd.affineRows(at(x), at(y), at(coef), at(out), rows, channels / 4);
  }
}

const batchNormTrain: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const name = BATCH_NORM_TRAIN;
  const x = requireInput(inputs, 'x', name);
  const scale = requireInput(inputs, 'scale', name);
  const offset = requireInput(inputs, 'offset', name);
  const epsilon: unknown = attrs['epsilon'];
  if (typeof epsilon !== 'number' || !(epsilon >= 0)) {
    throw new EnasError('KERNEL_UNSUPPORTED', `${name}: epsilon must be a number ≥ 0, received ${JSON.stringify(epsilon)}`);
  }
  const { rows, channels } = layoutOf(name, x, [scale, offset]);
  return withScope(backend, name, (scope) => {
    const y = scope.alloc([...x.shape], 'float32');
    const xHat = scope.alloc([...x.shape], 'float32');
    const invStd = scope.alloc([channels], 'float32');
    const meanOut = scope.alloc([channels], 'float32');
    const varianceOut = scope.alloc([channels], 'float32');
    const passes = new ChannelPasses(scope, rows, channels);
    const zeros = new Float64Array(channels);
    const ones = new Float64Array(channels).fill(1);
    // Two passes for the variance, as tf.moments: E[x²] − μ² cancels catastrophically in float32 partial sums
    // when |μ| ≫ σ (after a ReLU), measured 2.5e-4 relative error in x̂'s gradient for μ ≈ 6σ.
    const sum = passes.sums(x);
    const means = sum.map((s) => (rows === 0 ? 0 : s / rows));
    passes.affine(x, x, ones, zeros, means.map((m) => -m), xHat);
    const squares = passes.sums(xHat, xHat);
    const variances = squares.map((s) => (rows === 0 ? 0 : s / rows));
    const inv = variances.map((v) => 1 / Math.sqrt(v + epsilon));
    const gamma = Float64Array.from(scope.f32(scale));
    const beta = Float64Array.from(scope.f32(offset));
    passes.affine(xHat, xHat, inv, zeros, zeros, xHat);
    passes.affine(xHat, xHat, gamma, zeros, beta, y);
    // Views after the last allocation: a heap growth detaches earlier ones.
    scope.f32(invStd).set(inv);
    scope.f32(meanOut).set(means);
    scope.f32(varianceOut).set(variances);
    return [y, xHat, invStd, meanOut, varianceOut];
  });
};

const batchNormTrainGrad: KernelFunc = ({ inputs, backend }) => {
  const name = BATCH_NORM_TRAIN_GRAD;
  const dy = requireInput(inputs, 'dy', name);
  const xHat = requireInput(inputs, 'xHat', name);
  const invStd = requireInput(inputs, 'invStd', name);
  const scale = requireInput(inputs, 'scale', name);
  const { rows, channels } = layoutOf(name, xHat, [invStd, scale]);
  if (dy.dtype !== 'float32' || dy.shape.length !== xHat.shape.length || dy.shape.some((d, i) => d !== xHat.shape[i])) {
    throw new EnasError('KERNEL_UNSUPPORTED', `${name}: dy must be float32 of x̂'s shape [${xHat.shape.join(', ')}], received [${dy.shape.join(', ')}]`);
  }
  return withScope(backend, name, (scope) => {
    const dx = scope.alloc([...xHat.shape], 'float32');
    const dScale = scope.alloc([...scale.shape], 'float32');
    const dOffset = scope.alloc([...scale.shape], 'float32');
    const passes = new ChannelPasses(scope, rows, channels);
    const sumDy = passes.sums(dy);
    const sumDyXHat = passes.sums(dy, xHat);
    // dx = γ·invStd · (dy − mean(dy) − x̂ · mean(dy·x̂)): the closed form divided through by N.
    const gamma = scope.f32(scale);
    const invs = scope.f32(invStd);
    const k1 = new Float64Array(channels);
    const k2 = new Float64Array(channels);
    const k3 = new Float64Array(channels);
    for (let c = 0; c < channels; c++) {
      k1[c] = gamma[c]! * invs[c]!;
      k2[c] = rows === 0 ? 0 : (-k1[c]! * sumDyXHat[c]!) / rows;
      k3[c] = rows === 0 ? 0 : (-k1[c]! * sumDy[c]!) / rows;
    }
    passes.affine(dy, xHat, k1, k2, k3, dx);
    scope.f32(dScale).set(sumDyXHat);
    scope.f32(dOffset).set(sumDy);
    return [dx, dScale, dOffset];
  });
};

export const batchNormTrainConfig: KernelConfig = { kernelName: BATCH_NORM_TRAIN, backendName: 'wasm', kernelFunc: batchNormTrain };
export const batchNormTrainGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_TRAIN_GRAD,
  backendName: 'wasm',
  kernelFunc: batchNormTrainGrad,
};
