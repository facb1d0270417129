/**
 * Test support: run the same tfjs computation on the wasm backend (with our training kernels) and on the
 * pure-JS cpu backend, the reference, and compare.
 *
 * Tolerance. Both compute in float32 but sum in different orders (XNNPACK's blocked GEMMs, our row sums, the
 * cpu backend's plain loops). Over the reductions in these tests (up to a few thousand terms) that moves a
 * result by at most ~1e-6 of the largest magnitude involved; measured worst case 8e-6 at ENAS size (batch 32,
 * 32×32×20). An indexing or padding mistake moves it by O(1). So we require, per output,
 * max |wasm − cpu| ≤ 1e-4 · max |cpu|.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerTfjsGradients } from '../../register-tfjs-gradients';
import { createPrng } from '../../../../core/random/prng';
import { registerWasmTrainingKernels } from '../register-wasm-training-kernels';
import type { WasmKernelRegistration } from '../register-wasm-training-kernels';

export const RELATIVE_TOLERANCE = 1e-4;

/** Loads both backends, tfjs-core's gradients and our wasm kernels; returns what registration did. */
export async function setUpWasmAndCpu(): Promise<WasmKernelRegistration> {
  await registerTfjsGradients();
  await import('@tensorflow/tfjs-backend-cpu');
  await import('@tensorflow/tfjs-backend-wasm');
  const registration = registerWasmTrainingKernels();
  if (!(await tf.setBackend('cpu')) || !(await tf.setBackend('wasm'))) throw new Error('a tfjs backend failed to start');
  return registration;
}

/** Deterministic values in [-1, 1) from a seeded Prng. */
export function seededValues(size: number, seed: number): Float32Array {
  const prng = createPrng(seed);
  return Float32Array.from({ length: size }, () => prng.next() * 2 - 1);
}

/** Runs `compute` on one backend inside tidy and returns every output's values. */
export async function runOn(backend: 'wasm' | 'cpu', compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = compute();
    return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync()));
  });
}

/** The worst over all outputs of max |a − b| / max |b|; Infinity when sizes or NaN positions differ. */
export function relativeError(actual: Float32Array[], reference: Float32Array[]): number {
  if (actual.length !== reference.length) return Infinity;
  let worst = 0;
  actual.forEach((a, k) => {
    const b = reference[k]!;
    if (a.length !== b.length) {
      worst = Infinity;
      return;
    }
    let scale = 1e-30;
    let diff = 0;
    for (let i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(b[i]!));
      diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
      if (Number.isNaN(a[i]!) !== Number.isNaN(b[i]!)) diff = Infinity;
    }
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}

/** The relative error of wasm against cpu for one computation. */
export async function wasmVsCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const reference = await runOn('cpu', compute);
  const actual = await runOn('wasm', compute);
  return relativeError(actual, reference);
}
