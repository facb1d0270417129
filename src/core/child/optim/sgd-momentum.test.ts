import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EnasError } from '../../../shared/errors';
import { SgdMomentum } from './sgd-momentum';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const created: tf.Variable[] = [];
afterEach(() => {
  for (const v of created.splice(0)) v.dispose();
});

function variable(name: string, values: number[]): tf.Variable {
  const v = tf.variable(tf.tensor1d(values), true, `sgd-test/${name}/${created.length}`);
  created.push(v);
  return v;
}

function step(opt: SgdMomentum, entries: [string, tf.Variable, number[]][], lr: number): void {
  const grads = entries.map(([, , g]) => tf.tensor1d(g));
  opt.apply(
    entries.map(([name, v], i) => ({ name, variable: v, gradient: grads[i] as tf.Tensor })),
    lr,
  );
  grads.forEach((g) => g.dispose());
}

function values(v: tf.Tensor): number[] {
  return Array.from(v.dataSync());
}

describe('SgdMomentum', () => {
  it('applies the Nesterov update of tf.train.MomentumOptimizer(use_nesterov=True), checked by hand', () => {
    const opt = new SgdMomentum({ momentum: 0.9, useNesterov: true });
    const w = variable('w', [1, -2]);
    // Step 1: a = g = [0.5, 1];  w ← w − 0.1·(g + 0.9·a) = [1 − 0.095, −2 − 0.19].
    step(opt, [['w', w, [0.5, 1]]], 0.1);
    expect(values(w)[0]).toBeCloseTo(0.905, 6);
    expect(values(w)[1]).toBeCloseTo(-2.19, 6);
    // Step 2: a = 0.9·[0.5, 1] + [0.2, −1] = [0.65, −0.1];  w ← w − 0.1·([0.2, −1] + 0.9·a).
    step(opt, [['w', w, [0.2, -1]]], 0.1);
    expect(values(w)[0]).toBeCloseTo(0.905 - 0.1 * (0.2 + 0.9 * 0.65), 6);
    expect(values(w)[1]).toBeCloseTo(-2.19 - 0.1 * (-1 + 0.9 * -0.1), 6);
    opt.dispose();
  });

  it('applies the plain momentum update w ← w − lr·a without Nesterov', () => {
    const opt = new SgdMomentum({ momentum: 0.5, useNesterov: false });
    const w = variable('w', [0]);
    step(opt, [['w', w, [1]]], 1); // a = 1, w = −1
    step(opt, [['w', w, [1]]], 1); // a = 1.5, w = −2.5
    expect(values(w)[0]).toBeCloseTo(-2.5, 6);
    opt.dispose();
  });

  it('keeps each weight its own momentum when steps train different subsets (no slot mix-up, no shape error)', () => {
    const opt = new SgdMomentum({ momentum: 0.9, useNesterov: true });
    const a = variable('a', [0, 0]);
    const b = variable('b', [0, 0, 0]);
    step(opt, [['a', a, [1, 1]]], 0.1);
    const aAfterFirst = values(a);
    expect(aAfterFirst[0]).toBeCloseTo(-0.19, 6);
    expect(opt.hasSlot('a')).toBe(true);
    expect(opt.hasSlot('b')).toBe(false);
    // Now only b trains (another shape, another position): a must not move at all and b starts fresh.
    step(opt, [['b', b, [2, 2, 2]]], 0.1);
    expect(values(a)).toEqual(aAfterFirst);
    expect(values(b)[0]).toBeCloseTo(-0.1 * (2 + 0.9 * 2), 6);
    // a again: its momentum is the one from its own first step, a = 0.9·1 + 1 = 1.9.
    step(opt, [['b', b, [0, 0, 0]], ['a', a, [1, 1]]], 0.1);
    expect(values(a)[0]).toBeCloseTo(-0.19 - 0.1 * (1 + 0.9 * 1.9), 6);
    expect(opt.slotCount).toBe(2);
    opt.dispose();
  });

  it('is plain SGD with no state at all when momentum is 0', () => {
    const opt = new SgdMomentum({ momentum: 0, useNesterov: true });
    const w = variable('w', [1]);
    step(opt, [['w', w, [2]]], 0.25);
    expect(values(w)[0]).toBeCloseTo(0.5, 6);
    expect(opt.slotCount).toBe(0);
  });

  it('continues exactly after its state goes through a checkpoint', async () => {
    const original = new SgdMomentum({ momentum: 0.9, useNesterov: true });
    const restored = new SgdMomentum({ momentum: 0.9, useNesterov: true });
    const w1 = variable('w1', [1, 2]);
    step(original, [['w', w1, [0.3, -0.7]]], 0.1);
    const state = await original.getState();
    const w2 = variable('w2', values(w1));
    restored.setState(state, new Map([['w', [2]]]));
    step(original, [['w', w1, [0.1, 0.1]]], 0.1);
    step(restored, [['w', w2, [0.1, 0.1]]], 0.1);
    expect(values(w2)).toEqual(values(w1));
    original.dispose();
    restored.dispose();
  });

  it('refuses a state for an unknown weight or of the wrong shape, keeping its own', async () => {
    const opt = new SgdMomentum({ momentum: 0.9, useNesterov: true });
    const w = variable('w', [1, 2]);
    step(opt, [['w', w, [1, 1]]], 0.1);
    const shapes = new Map([['w', [2]]]);
    const bad = { w: { shape: [3], values: new Float32Array(3) } };
    expect(() => opt.setState(bad, shapes)).toThrow(EnasError);
    expect(() => opt.setState(bad, shapes)).toThrow(/CHILD_BAD_OPTIMIZER_STATE.*expected shape \[2\]/);
    expect(() => opt.setState({ v: { shape: [2], values: new Float32Array(2) } }, shapes)).toThrow(/"v": the network has no such weight/);
    expect(Array.from((await opt.getState()).w?.values ?? [])).toEqual([1, 1]);
    opt.dispose();
  });
});
