/**
 * The controller's Adam. By default as the official controller runs it (melodyguan/enas src/utils.py
 * `get_train_ops`: `tf.train.AdamOptimizer(lr, beta1=0.0, epsilon=1e-3)`), with TensorFlow 1's update rule
 * lr_t = lr·√(1 − β2^t)/(1 − β1^t), m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − lr_t·m/(√v + ε):
 * ε sits beside the uncorrected √v, so while v is still small the steps are ε-limited. `kingma-ba` is
 * Algorithm 1 of Kingma & Ba (2015): θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t).
 * Moments are kept per variable name, not by position, so a checkpoint restores each to the variable it
 * belongs to. A variable without a gradient in a step is left alone, as TensorFlow's apply_gradients does
 * with a None gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from './controller-params';

/** β2 of the official controller's Adam (TensorFlow's default); the plain controller (js-controller.ts) uses it too. */
export const BETA2 = 0.999;

/** 1 − β1^t and 1 − β2^t at step t (1-based): the bias corrections both Adam forms read. */
export function adamCorrections(beta1: number, t: number): { mCorrection: number; vCorrection: number } {
  return { mCorrection: 1 - beta1 ** t, vCorrection: 1 - BETA2 ** t };
}

export interface AdamOptions {
  readonly beta1: number;
  readonly epsilon: number;
  readonly correction: 'tf1' | 'kingma-ba';
}

/** The official controller's optimizer. */
export const OFFICIAL_ADAM: AdamOptions = { beta1: 0, epsilon: 1e-3, correction: 'tf1' };

/** The two moment estimates of one variable, as plain copies. */
export interface AdamMomentsSnapshot {
  readonly m: Float32Array;
  readonly v: Float32Array;
}

export interface Adam {
  /** One step t (1-based) with the given gradients, keyed by variable name. */
  apply(grads: ReadonlyMap<string, tf.Tensor>, t: number, learningRate: number): void;
  snapshot(): Record<string, AdamMomentsSnapshot>;
  /** Replaces every moment; the caller has checked names and sizes. */
  restore(moments: Readonly<Record<string, AdamMomentsSnapshot>>): void;
  dispose(): void;
}

interface Slot {
  readonly variable: tf.Variable;
  readonly m: tf.Variable;
  readonly v: tf.Variable;
}

function zerosVariable(like: tf.Variable): tf.Variable {
  // tidy frees the initial zeros; the variable keeps its own reference to the data.
  return tf.tidy(() => tf.variable(tf.zerosLike(like), false));
}

export function createAdam(variables: readonly NamedVariable[], options: AdamOptions = OFFICIAL_ADAM): Adam {
  const { beta1, epsilon, correction } = options;
  const slots = new Map<string, Slot>();
  for (const { name, variable } of variables) {
    slots.set(name, {
      variable,
      m: zerosVariable(variable),
      v: zerosVariable(variable),
    });
  }
  return {
    apply(grads, t, learningRate) {
      const { mCorrection, vCorrection } = adamCorrections(beta1, t);
      tf.tidy(() => {
        for (const [name, slot] of slots) {
          const g = grads.get(name);
          if (g === undefined) continue;
          const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
          const v = tf.add(tf.mul(slot.v, BETA2), tf.mul(tf.square(g), 1 - BETA2));
          slot.m.assign(m);
          slot.v.assign(v);
          const step =
            correction === 'tf1'
              ? tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), (learningRate * Math.sqrt(vCorrection)) / mCorrection)
              : tf.mul(tf.div(tf.div(m, mCorrection), tf.add(tf.sqrt(tf.div(v, vCorrection)), epsilon)), learningRate);
          slot.variable.assign(tf.sub(slot.variable, step));
        }
      });
    },
    snapshot() {
      const out: Record<string, AdamMomentsSnapshot> = {};
      for (const [name, slot] of slots) {
        out[name] = { m: Float32Array.from(slot.m.dataSync()), v: Float32Array.from(slot.v.dataSync()) };
      }
      return out;
    },
    restore(moments) {
      for (const [name, slot] of slots) {
        const saved = moments[name];
        if (saved === undefined) continue;
        tf.tidy(() => {
          slot.m.assign(tf.tensor(saved.m, slot.m.shape));
          slot.v.assign(tf.tensor(saved.v, slot.v.shape));
        });
      }
    },
    dispose() {
      for (const slot of slots.values()) {
        slot.m.dispose();
        slot.v.dispose();
      }
    },
  };
}
