import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SgdMomentum } from './optim/sgd-momentum';
import { runTrainStep } from './train-step';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const created: tf.Variable[] = [];
afterEach(() => {
  for (const v of created.splice(0)) v.dispose();
});

function variable(values: number[]): tf.Variable {
  const v = tf.variable(tf.tensor1d(values), true, `train-step-test/${created.length}`);
  created.push(v);
  return v;
}

describe('runTrainStep', () => {
  it('adds the L2 penalty, clips to the global norm and steps, as computed by hand', async () => {
    const w = variable([3, 4]);
    const optimizer = new SgdMomentum({ momentum: 0, useNesterov: false });
    // loss = w·[1, 1] = 7; objective = 7 + 0.5·(9 + 16) = 19.5; gradient = [1, 1] + 2·0.5·w = [4, 5],
    // norm √41; clipped to norm 1: [4, 5]/√41; lr 1.
    const result = await runTrainStep({
      weights: [w],
      nameOf: () => 'w',
      loss: () => ({ loss: tf.sum(w) as tf.Scalar, report: [tf.scalar(42)] }),
      l2Reg: 0.5,
      gradBound: 1,
      optimizer,
      learningRate: 1,
    });
    expect(result.dataLoss).toBeCloseTo(7, 5);
    expect(result.objective).toBeCloseTo(19.5, 5);
    expect(result.gradNorm).toBeCloseTo(Math.sqrt(41), 5);
    expect(result.report).toEqual([42]);
    const [w0, w1] = Array.from(w.dataSync());
    expect(w0).toBeCloseTo(3 - 4 / Math.sqrt(41), 5);
    expect(w1).toBeCloseTo(4 - 5 / Math.sqrt(41), 5);
  });

  it('leaves a gradient below the bound unclipped', async () => {
    const w = variable([0.1]);
    await runTrainStep({
      weights: [w],
      nameOf: () => 'w',
      loss: () => ({ loss: tf.sum(tf.mul(w, 0.5)) as tf.Scalar, report: [] }),
      l2Reg: 0,
      gradBound: 5,
      optimizer: new SgdMomentum({ momentum: 0, useNesterov: false }),
      learningRate: 1,
    });
    expect(w.dataSync()[0]).toBeCloseTo(-0.4, 6);
  });

  it('trains only the listed weights even when the loss reads others', async () => {
    const listed = variable([1]);
    const other = variable([1]);
    await runTrainStep({
      weights: [listed],
      nameOf: () => 'listed',
      loss: () => ({ loss: tf.sum(tf.mul(listed, other)) as tf.Scalar, report: [] }),
      l2Reg: 0.1,
      gradBound: null,
      optimizer: new SgdMomentum({ momentum: 0, useNesterov: false }),
      learningRate: 0.5,
    });
    expect(listed.dataSync()[0]).toBeCloseTo(1 - 0.5 * (1 + 0.2), 6);
    expect(other.dataSync()[0]).toBe(1);
  });

  it('reports a listed weight the loss does not read as an internal error, leaking no tensors', async () => {
    const read = variable([1]);
    const unread = variable([1]);
    const before = tf.memory().numTensors;
    await expect(
      runTrainStep({
        weights: [read, unread],
        nameOf: (v) => (v === read ? 'read' : 'unread'),
        loss: () => ({ loss: tf.sum(read) as tf.Scalar, report: [] }),
        l2Reg: 0,
        gradBound: null,
        optimizer: new SgdMomentum({ momentum: 0, useNesterov: false }),
        learningRate: 0.5,
      }),
    ).rejects.toThrow(/INTERNAL.*"unread" is listed as used but gets no gradient/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
