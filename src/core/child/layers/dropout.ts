/**
 * Dropout masks drawn from the run's seeded Prng (not tfjs's own random ops), so that a resumed run replays
 * the very masks an uninterrupted one would. A kept unit is scaled by 1/keepProb, as tf.nn.dropout and the
 * official masks (`floor(u + keep) / keep`) do, so inference needs no rescaling.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Prng } from '../../random/prng';

/** A mask of `size` values, each 1/keepProb with probability keepProb and 0 otherwise. */
export function dropoutMaskValues(size: number, keepProb: number, prng: Prng): Float32Array {
  const values = new Float32Array(size);
  const kept = 1 / keepProb;
  for (let i = 0; i < size; i++) values[i] = prng.next() < keepProb ? kept : 0;
  return values;
}

/**
 * `x` times a mask of `maskShape`, which broadcasts against x: [batch, units] for plain dropout,
 * [batch, 1, 1, 1] for drop-path. keepProb ≥ 1 returns x untouched and draws nothing.
 */
export function dropout<T extends tf.Tensor>(x: T, keepProb: number, maskShape: readonly number[], prng: Prng): T {
  if (keepProb >= 1) return x;
  const size = maskShape.reduce((a, b) => a * b, 1);
  const mask = tf.tensor(dropoutMaskValues(size, keepProb, prng), [...maskShape], 'float32');
  return tf.mul(x, mask);
}

/**
 * Drop-path (Zoph et al., 2018; micro_child.py `_apply_drop_path`): zero a whole op output per example.
 * The keep probability falls linearly with depth, 1 − depth · (1 − keepProb) where depth = (cell + 1) /
 * (number of cells), and with training progress, so early cells and early steps drop less.
 */
export function dropPath(x: tf.Tensor4D, keepProb: number, depth: number, progress: number, prng: Prng): tf.Tensor4D {
  const layerKeep = 1 - depth * (1 - keepProb);
  const keep = 1 - Math.min(1, Math.max(0, progress)) * (1 - layerKeep);
  return dropout(x, keep, [x.shape[0], 1, 1, 1], prng);
}
