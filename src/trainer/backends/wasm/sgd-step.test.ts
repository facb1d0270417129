/**
 * The fused optimiser step on wasm (sgd-step.ts) against the step it replaces: the same train-step.ts on the
 * same backend with the kernel unregistered, i.e. the L2 penalty in the tape, the global norm and the
 * momentum update composed of tfjs kernels. Random weights of several shapes and a nonlinear loss, several
 * steps so that the momentum slots matter; Nesterov and plain momentum, no momentum, clip engaged and not.
 * Without an engaged clip the update must be the composition's bit for bit; with one, ‖g‖ is summed in
 * another order, so weights and momenta must agree to float32 rounding (1e-6 of their magnitude).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SgdMomentum } from '../../../core/child/optim/sgd-momentum';
import type { SgdMomentumConfig } from '../../../core/child/optim/sgd-momentum';
import { SGD_STEP, hasFusedSgdStep } from '../../../core/child/optim/sgd-step-kernel';
import { runTrainStep } from '../../../core/child/train-step';
import { createMicroSupernet } from '../../../core/child/micro/micro-supernet';
import { createPrng } from '../../../core/random/prng';
import { createSearchSpace } from '../../../core/spaces';
import { childConfigSchema } from '../../../shared/config/child';
import { seededValues, setUpWasmAndCpu } from './testing/wasm-vs-cpu';

let fused: tf.KernelConfig | undefined;

beforeAll(async () => {
  await setUpWasmAndCpu();
  await tf.setBackend('wasm');
  fused = tf.getKernel(SGD_STEP, 'wasm');
});

afterEach(() => {
  useFused(true);
});

function useFused(on: boolean): void {
  const config = fused ?? tf.getKernel(SGD_STEP, 'wasm');
  if (config === undefined) throw new Error('the fused step is not registered');
  const registered = tf.getKernel(SGD_STEP, 'wasm') !== undefined;
  if (on && !registered) tf.registerKernel(config);
  if (!on && registered) tf.unregisterKernel(SGD_STEP, 'wasm');
}

const SHAPES = [[3, 3, 4, 8], [8], [8, 10], [5, 5, 8, 1], [1]];

interface Setup {
  readonly config: SgdMomentumConfig;
  readonly l2Reg: number;
  readonly gradBound: number | null;
  /** Indices of weights listed as used that the loss does not touch. */
  readonly unused?: number[];
  /** Whether the loss uses each weight twice. */
  readonly twice?: boolean;
}

interface Outcome {
  weights: Float32Array[];
  momenta: Float32Array[];
  objective: number[];
  dataLoss: number[];
  gradNorm: number[];
  tensorsAfterEachStep: number[];
}

/** Four steps of runTrainStep from the same random weights, with the fused kernel or the composition. */
async function train(setup: Setup, withFused: boolean): Promise<Outcome> {
  useFused(withFused);
  expect(hasFusedSgdStep()).toBe(withFused);
  const weights = SHAPES.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.variable(tf.tensor(seededValues(size, 10 + i), shape), true, `sgd-step-test/${withFused}/${i}`);
  });
  const coefficients = SHAPES.map((shape, i) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 20 + i), shape));
  const optimizer = new SgdMomentum(setup.config);
  const outcome: Outcome = { weights: [], momenta: [], objective: [], dataLoss: [], gradNorm: [], tensorsAfterEachStep: [] };
  try {
    for (let step = 0; step < 4; step++) {
      const result = await runTrainStep({
        weights,
        nameOf: (v) => v.name.split('/').at(-1) ?? '',
        // Σ c ⊙ sin(2w), or with `twice` Σ c ⊙ (sin(2w) + w³): gradients change with w, so the steps and
        // the slots all matter; with `twice` each weight is used twice and its gradient has two terms.
        loss: () => {
          const term = (w: tf.Tensor): tf.Tensor => (setup.twice === true ? tf.add(tf.sin(tf.mul(w, 2)), tf.pow(w, 3)) : tf.sin(tf.mul(w, 2)));
          const terms = weights
            .map((w, i) => (setup.unused?.includes(i) ? undefined : tf.sum(tf.mul(coefficients[i] as tf.Tensor, term(w)))))
            .filter((t): t is tf.Scalar => t !== undefined);
          return { loss: tf.addN(terms) as tf.Scalar, report: [tf.scalar(step)] };
        },
        l2Reg: setup.l2Reg,
        gradBound: setup.gradBound,
        optimizer,
        learningRate: 0.05 + 0.01 * step,
      });
      outcome.objective.push(result.objective);
      outcome.dataLoss.push(result.dataLoss);
      outcome.gradNorm.push(result.gradNorm);
      expect(result.report).toEqual([step]);
      outcome.tensorsAfterEachStep.push(tf.memory().numTensors);
    }
    outcome.weights = weights.map((w) => Float32Array.from(w.dataSync()));
    const state = await optimizer.getState();
    outcome.momenta = weights.map((_, i) => state[String(i)]?.values ?? new Float32Array(0));
  } finally {
    optimizer.dispose();
    weights.forEach((w) => w.dispose());
    coefficients.forEach((c) => c.dispose());
    useFused(true);
  }
  return outcome;
}

/** Max |a − b| over max |b|, 0 when equal; Infinity on a size mismatch. */
function relative(a: Float32Array[], b: Float32Array[]): number {
  let diff = 0;
  let scale = 1e-30;
  a.forEach((x, k) => {
    const y = b[k] ?? new Float32Array(0);
    if (x.length !== y.length) diff = Infinity;
    for (let i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
      scale = Math.max(scale, Math.abs(y[i]!));
    }
  });
  return diff / scale;
}

const nesterov = { momentum: 0.9, useNesterov: true };

describe('fused optimiser step on wasm', () => {
  it('is what train-step runs on wasm, and not on cpu: one kernel call for the update and no per-weight squares', async () => {
    await tf.setBackend('cpu');
    expect(hasFusedSgdStep()).toBe(false);
    await tf.setBackend('wasm');
    expect(hasFusedSgdStep()).toBe(true);
    const names = async (withFused: boolean): Promise<string[]> => {
      useFused(withFused);
      const w = SHAPES.map((shape, i) => tf.variable(tf.ones(shape), true, `sgd-step-profile/${withFused}/${i}`));
      const optimizer = new SgdMomentum(nesterov);
      const profile = await tf.profile(async () => {
        await runTrainStep({
          weights: w,
          nameOf: (v) => v.name,
          loss: () => ({ loss: tf.addN(w.map((v) => tf.sum(tf.sin(v)))) as tf.Scalar, report: [] }),
          l2Reg: 1e-4,
          gradBound: 5,
          optimizer,
          learningRate: 0.1,
        });
      });
      optimizer.dispose();
      w.forEach((v) => v.dispose());
      return profile.kernels.map((k) => k.name);
    };
    const withFused = await names(true);
    const composed = await names(false);
    expect(withFused.filter((n) => n === SGD_STEP)).toHaveLength(1);
    expect(withFused).not.toContain('Square');
    expect(composed).not.toContain(SGD_STEP);
    expect(composed.filter((n) => n === 'Square')).toHaveLength(2 * SHAPES.length);
    expect(withFused.length).toBeLessThan(composed.length / 2);
  });

  it('with Nesterov momentum, L2 and no clip, updates weights and momenta bit for bit as the composition', async () => {
    const setup = { config: nesterov, l2Reg: 0.01, gradBound: null };
    const a = await train(setup, true);
    const b = await train(setup, false);
    expect(a.weights).toEqual(b.weights);
    expect(a.momenta).toEqual(b.momenta);
    expect(a.momenta.every((m) => m.length > 0)).toBe(true);
    expect(a.dataLoss).toEqual(b.dataLoss);
    a.objective.forEach((v, i) => expect(v).toBeCloseTo(b.objective[i] as number, 5));
    a.gradNorm.forEach((v, i) => expect(Math.abs(v - (b.gradNorm[i] as number)) / v).toBeLessThan(1e-6));
  });

  it('with plain momentum and a bound the norm stays under, is the composition bit for bit (the scale is exactly 1)', async () => {
    const setup = { config: { momentum: 0.5, useNesterov: false }, l2Reg: 1e-3, gradBound: 1e6 };
    const a = await train(setup, true);
    const b = await train(setup, false);
    expect(a.weights).toEqual(b.weights);
    expect(a.momenta).toEqual(b.momenta);
  });

  it('where the loss uses a weight twice, agrees with the composition to float32 rounding (the L2 term is added in another order)', async () => {
    const setup = { config: nesterov, l2Reg: 0.01, gradBound: null, twice: true };
    const a = await train(setup, true);
    const b = await train(setup, false);
    expect(relative(a.weights, b.weights)).toBeLessThan(1e-6);
    expect(relative(a.momenta, b.momenta)).toBeLessThan(1e-6);
  });

  it('with the clip engaged, agrees with the composition to float32 rounding, and the clip did change the update', async () => {
    const setup = { config: nesterov, l2Reg: 1e-4, gradBound: 0.5, twice: true };
    const a = await train(setup, true);
    const b = await train(setup, false);
    expect(Math.min(...b.gradNorm)).toBeGreaterThan(0.5);
    expect(relative(a.weights, b.weights)).toBeLessThan(1e-6);
    expect(relative(a.momenta, b.momenta)).toBeLessThan(1e-6);
    a.gradNorm.forEach((v, i) => expect(Math.abs(v - (b.gradNorm[i] as number)) / v).toBeLessThan(1e-6));
    const unclipped = await train({ ...setup, gradBound: null }, true);
    expect(relative(unclipped.weights, a.weights)).toBeGreaterThan(1e-3);
  });

  it('without momentum keeps no state and is plain SGD with the L2 term, as the composition', async () => {
    const setup = { config: { momentum: 0, useNesterov: true }, l2Reg: 0.02, gradBound: null };
    const a = await train(setup, true);
    const b = await train(setup, false);
    expect(a.weights).toEqual(b.weights);
    expect(a.momenta.every((m) => m.length === 0)).toBe(true);
    const noPenalty = await train({ ...setup, l2Reg: 0 }, true);
    const noPenaltyComposed = await train({ ...setup, l2Reg: 0 }, false);
    expect(noPenalty.weights).toEqual(noPenaltyComposed.weights);
    noPenalty.objective.forEach((v, i) => expect(v).toBe(noPenalty.dataLoss[i]));
  });

  it('decays a listed weight the loss does not use as the composition does, and refuses it without a penalty', async () => {
    const setup = { config: nesterov, l2Reg: 0.05, gradBound: null, unused: [2] };
    const a = await train(setup, true);
    const b = await train(setup, false);
    expect(a.weights).toEqual(b.weights);
    expect(a.weights[2]).not.toEqual(Float32Array.from(seededValues(80, 12)));
    for (const withFused of [true, false]) {
      await expect(train({ ...setup, l2Reg: 0 }, withFused)).rejects.toThrow(/"2" is listed as used but gets no gradient/);
    }
  });

  it('leaves no tensor behind: after the first step only the momentum slots are added', async () => {
    const a = await train({ config: nesterov, l2Reg: 1e-4, gradBound: 0.5 }, true);
    const [, ...later] = a.tensorsAfterEachStep;
    expect(new Set(later).size).toBe(1);
  });

  it('trains a micro supernet to the same weights as the composition (clip engaged)', async () => {
    const spaceConfig = { space: 'micro' as const, numNodes: 3, numBranches: 5 };
    const child = childConfigSchema.parse({ space: 'micro', numLayers: 1, outFilters: 8, gradBound: 0.5 });
    if (child.space !== 'micro') throw new Error('unreachable');
    const space = createSearchSpace(spaceConfig);
    const images = tf.tensor4d(seededValues(4 * 8 * 8, 3), [4, 8, 8, 1]);
    const labels = tf.tensor1d([1, 2, 3, 4], 'int32');
    const run = async (withFused: boolean) => {
      useFused(withFused);
      const prng = createPrng(7);
      const net = createMicroSupernet({ space: spaceConfig, child, input: { height: 8, width: 8, channels: 1, numClasses: 10 }, prng });
      const archPrng = createPrng(8);
      const norms: number[] = [];
      for (let step = 0; step < 3; step++) {
        const metrics = await net.trainStep({ images, labels }, space.sampleUniform(archPrng), { learningRate: 0.05 });
        norms.push(metrics.gradNorm);
      }
      const weights = await net.getWeights();
      net.dispose();
      useFused(true);
      return { norms, weights: Object.keys(weights).sort().map((k) => weights[k]?.values ?? new Float32Array(0)) };
    };
    const a = await run(true);
    const b = await run(false);
    images.dispose();
    labels.dispose();
    expect(Math.max(...b.norms)).toBeGreaterThan(0.5);
    expect(relative(a.weights, b.weights)).toBeLessThan(1e-5);
    a.norms.forEach((v, i) => expect(Math.abs(v - (b.norms[i] as number)) / v).toBeLessThan(1e-5));
  });
});
