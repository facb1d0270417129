/**
 * The fused optimiser step (src/core/child/optim/sgd-step-kernel.ts has its contract) for the wasm backend:
 * every weight's L2 term, the global norm clip and the (Nesterov) momentum update of a child step in one
 * kernel call, where their tfjs composition made about fifteen kernel calls per weight (about 2,300 of the
 * ~4,400 kernels of a quick micro child step, each a fixed dispatch cost and a pass over memory).
 *
 * Two passes over the weights, in JavaScript on the wasm heap: the first sums w² and g² (in float64), the
 * second writes w′ and a′. The weights of a child are small (tens of thousands of values per step), so a
 * SIMD pass would save little next to the dispatch cost removed. Every elementwise product and sum is rounded
 * to float32 once (Math.fround), as the composition's float32 kernels round it: float32 × float32 is exact in
 * a double, and a float32 sum rounded first to double then to float32 is the correctly rounded float32 sum
 * (double rounding is innocuous for + and × when the wider format has at least 2p + 2 bits: 53 ≥ 50).
 */
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { NO_GRAD_BOUND, SGD_STEP } from '../../../core/child/optim/sgd-step-kernel';
import { WasmKernelScope, asWasmBackend, requireInput } from './wasm-kernel-scope';

const f32 = Math.fround;

interface StepAttrs {
  learningRate: number;
  l2Reg: number;
  momentum: number;
  useNesterov: boolean;
  gradBound: number;
  slots: number[];
}

function readAttrs(attrs: Record<string, unknown>): StepAttrs {
  const { learningRate, l2Reg, momentum, useNesterov, gradBound, slots } = attrs;
  const numbers = { learningRate, l2Reg, momentum, gradBound };
  for (const [key, value] of Object.entries(numbers)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new EnasError('KERNEL_UNSUPPORTED', `${SGD_STEP}: attr ${key} must be a finite number, received ${JSON.stringify(value)}`);
    }
  }
  if (typeof useNesterov !== 'boolean' || !Array.isArray(slots) || !slots.every((i) => Number.isInteger(i))) {
    throw new EnasError('KERNEL_UNSUPPORTED', `${SGD_STEP}: attrs useNesterov (boolean) and slots (integers) are required`);
  }
  return { ...(numbers as Record<keyof typeof numbers, number>), useNesterov, slots: slots as number[] };
}

/** The weights, their gradients and momenta, checked: float32, each of its weight's size. */
function readInputs(inputs: NamedTensorInfoMap, slots: readonly number[]) {
  const count = Object.keys(inputs).filter((key) => key.startsWith('w')).length;
  const weights: TensorInfo[] = [];
  const gradients: TensorInfo[] = [];
  const momenta: (TensorInfo | undefined)[] = new Array<TensorInfo | undefined>(count).fill(undefined);
  for (let i = 0; i < count; i++) {
    weights.push(requireInput(inputs, `w${i}`, SGD_STEP));
    gradients.push(requireInput(inputs, `g${i}`, SGD_STEP));
  }
  for (const i of slots) momenta[i] = requireInput(inputs, `a${i}`, SGD_STEP);
  const sizeOf = (t: TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);
  weights.forEach((w, i) => {
    for (const t of [w, gradients[i], momenta[i]]) {
      if (t !== undefined && (t.dtype !== 'float32' || sizeOf(t) !== sizeOf(w))) {
        throw new EnasError('KERNEL_UNSUPPORTED', `${SGD_STEP}: input ${i} must be float32 of [${w.shape.join(', ')}], received ${t.dtype} [${t.shape.join(', ')}]`);
      }
    }
  });
  return { weights, gradients, momenta };
}

/**
 * The passes, as plain loops over float32 arrays (small monomorphic functions, which V8 optimises well).
 * g = g_data + l2·(2w) is the composed gradient: the penalty's gradient through Square (dy·2x) added to the
 * data gradient; with l2 = 0 the composition has no penalty and g is g_data.
 */
function sumsOfSquares(w: Float32Array, gd: Float32Array, l2: number): { w: number; g: number } {
  let sumW = 0;
  let sumG = 0;
  for (let j = 0; j < w.length; j++) {
    const wj = w[j]!;
    const g = l2 === 0 ? gd[j]! : f32(gd[j]! + f32(l2 * (2 * wj)));
    sumW += wj * wj;
    sumG += g * g;
  }
  return { w: sumW, g: sumG };
}

/** w′ = w − lr·g′ (no momentum). */
function plainStep(w: Float32Array, gd: Float32Array, out: Float32Array, l2: number, clip: boolean, scale: number, lr: number): void {
  for (let j = 0; j < w.length; j++) {
    const wj = w[j]!;
    const g0 = l2 === 0 ? gd[j]! : f32(gd[j]! + f32(l2 * (2 * wj)));
    const g = clip ? f32(g0 * scale) : g0;
    out[j] = f32(wj - f32(lr * g));
  }
}

/** a′ = μ·a + g′ (g′ without a slot); w′ = w − lr·(g′ + μ·a′) with Nesterov, w − lr·a′ without. */
function momentumStep(
  w: Float32Array,
  gd: Float32Array,
  previous: Float32Array | undefined,
  accumulated: Float32Array,
  out: Float32Array,
  l2: number,
  clip: boolean,
  scale: number,
  lr: number,
  mu: number,
  nesterov: boolean,
): void {
  for (let j = 0; j < w.length; j++) {
    const wj = w[j]!;
    const g0 = l2 === 0 ? gd[j]! : f32(gd[j]! + f32(l2 * (2 * wj)));
    const g = clip ? f32(g0 * scale) : g0;
    const a = previous === undefined ? g : f32(f32(mu * previous[j]!) + g);
    accumulated[j] = a;
    out[j] = f32(wj - f32(lr * (nesterov ? f32(g + f32(mu * a)) : a)));
  }
}

const sgdStep: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const { learningRate, l2Reg, momentum, useNesterov, gradBound, slots } = readAttrs(attrs);
  const { weights, gradients, momenta } = readInputs(inputs, slots);
  const scope = new WasmKernelScope(asWasmBackend(backend, SGD_STEP));
  try {
    const newWeights = weights.map((w) => scope.alloc([...w.shape], 'float32'));
    const newMomenta = momentum > 0 ? weights.map((w) => scope.alloc([...w.shape], 'float32')) : [];
    const stats = scope.alloc([2], 'float32');
    // Views after the last allocation: a heap growth detaches earlier ones.
    const view = (t: TensorInfo): Float32Array => scope.f32(t);
    const l2 = f32(l2Reg);
    let sumW = 0;
    let sumG = 0;
    weights.forEach((w, i) => {
      const sums = sumsOfSquares(view(w), view(gradients[i] as TensorInfo), l2);
      sumW += sums.w;
      sumG += sums.g;
    });
    const norm = f32(Math.sqrt(sumG));
    const clip = gradBound !== NO_GRAD_BOUND;
    const scale = clip ? f32(f32(gradBound) / Math.max(norm, f32(gradBound))) : 1;
    const lr = f32(learningRate);
    const mu = f32(momentum);
    weights.forEach((w, i) => {
      const gd = view(gradients[i] as TensorInfo);
      const out = view(newWeights[i] as TensorInfo);
      if (momentum === 0) {
        plainStep(view(w), gd, out, l2, clip, scale, lr);
        return;
      }
      const previous = momenta[i];
      const accumulated = view(newMomenta[i] as TensorInfo);
      momentumStep(view(w), gd, previous === undefined ? undefined : view(previous), accumulated, out, l2, clip, scale, lr, mu, useNesterov);
    });
    const statValues = view(stats);
    statValues[0] = sumW;
    statValues[1] = norm;
    return [...newWeights, ...newMomenta, stats].map((t) => scope.release(t));
  } finally {
    scope.dispose();
  }
};

export const sgdStepConfig: KernelConfig = { kernelName: SGD_STEP, backendName: 'wasm', kernelFunc: sgdStep };
