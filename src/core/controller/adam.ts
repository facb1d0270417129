/**
 * Adam as the official controller runs it (melodyguan/enas src/utils.py `get_train_ops`:
 * `tf.train.AdamOptimizer(lr, beta1=0.0, epsilon=1e-3)`), with TensorFlow 1's update rule
 * lr_t = lr·√(1 − β2^t)/(1 − β1^t), m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − lr_t·m/(√v + ε).
 * β1 = 0 makes it RMSProp with bias correction. Moments are kept per variable name, not by position, so
 * a checkpoint restores each to the variable it belongs to. A variable without a gradient in a step is
 * left alone, as TensorFlow's apply_gradients does with a None gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from './controller-params';

const BETA1 = 0;
const BETA2 = 0.999;
const EPSILON = 1e-3;

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

export function createAdam(variables: readonly NamedVariable[]): Adam {
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
      const stepSize = (learningRate * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      tf.tidy(() => {
        for (const [name, slot] of slots) {
          const g = grads.get(name);
          if (g === undefined) continue;
          const m = tf.add(tf.mul(slot.m, BETA1), tf.mul(g, 1 - BETA1));
          const v = tf.add(tf.mul(slot.v, BETA2), tf.mul(tf.square(g), 1 - BETA2));
          slot.m.assign(m);
          slot.v.assign(v);
          slot.variable.assign(tf.sub(slot.variable, tf.mul(tf.div(m, tf.add(tf.sqrt(v), EPSILON)), stepSize)));
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
