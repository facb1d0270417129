import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng';
import { ParamStore } from './param-store';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function filled(seed: number): ParamStore {
  const store = new ParamStore('test', createPrng(seed));
  store.add('conv/w', [3, 3, 2, 4], { kind: 'he-normal', fanIn: 18 });
  store.add('bn/moving_mean', [4], { kind: 'zeros' }, false);
  return store;
}

describe('ParamStore', () => {
  it('draws the same initial weights from the same seed and different ones from another', async () => {
    const [a, b, c] = [filled(1), filled(1), filled(2)];
    const [wa, wb, wc] = await Promise.all([a.getWeights(), b.getWeights(), c.getWeights()]);
    expect(wa['conv/w']?.values).toEqual(wb['conv/w']?.values);
    expect(wa['conv/w']?.values).not.toEqual(wc['conv/w']?.values);
    [a, b, c].forEach((s) => s.dispose());
  });

  it('round-trips weights by stable name into another store, although tfjs names differ', async () => {
    const source = filled(1);
    const target = filled(2);
    target.setWeights(await source.getWeights());
    expect(await target.getWeights()).toEqual(await source.getWeights());
    expect(source.variables.get('conv/w')?.name).not.toBe(target.variables.get('conv/w')?.name);
    source.dispose();
    target.dispose();
  });

  it('refuses weights with a missing, unknown or misshapen entry and changes nothing', async () => {
    const store = filled(1);
    const before = await store.getWeights();
    const { ['bn/moving_mean']: _dropped, ...missing } = before;
    expect(() => store.setWeights(missing)).toThrow(/CHILD_BAD_WEIGHTS.*1 missing \(bn\/moving_mean\)/);
    expect(() => store.setWeights({ ...before, extra: { shape: [1], values: new Float32Array(1) } })).toThrow(
      /1 unknown \(extra\)/,
    );
    const misshapen = { ...before, 'bn/moving_mean': { shape: [5], values: new Float32Array(5).fill(7) } };
    expect(() => store.setWeights(misshapen)).toThrow(/"bn\/moving_mean": expected shape \[4\] \(4 floats\), got shape \[5\]/);
    expect(await store.getWeights()).toEqual(before);
    store.dispose();
  });

  it('counts only trainable parameters and frees every tensor on dispose', () => {
    const baseline = tf.memory().numTensors;
    const store = filled(3);
    expect(store.countParams(['conv/w', 'bn/moving_mean'])).toBe(3 * 3 * 2 * 4);
    store.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
