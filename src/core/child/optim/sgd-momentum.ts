/**
 * SGD with (Nesterov) momentum whose state is keyed by the stable weight name.
 *
 * tfjs's built-in optimizers keep their slots by position in the list of gradients they are given. With
 * weight sharing each step trains a different subset of the supernet, so position i means a different
 * variable from one step to the next and the slots get mixed up (or mismatch in shape). Here a slot
 * belongs to one name, is created the first time that weight gets a gradient, and is left untouched by
 * steps that do not train it, as TF1's per-variable slots in the official code are.
 *
 * Update (tf.train.MomentumOptimizer, which the official `get_train_ops` uses with momentum 0.9 and
 * use_nesterov=True):  a ← μ·a + g;  plain: w ← w − lr·a;  Nesterov: w ← w − lr·(g + μ·a).
 * With μ = 0 it is plain SGD and keeps no state at all.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { checkArray } from '../layers/param-store';
import type { WeightSnapshot } from '../layers/param-store';
import { NO_GRAD_BOUND, SGD_STEP } from './sgd-step-kernel';

export interface SgdMomentumConfig {
  /** μ in [0, 1). */
  readonly momentum: number;
  readonly useNesterov: boolean;
}

/** One weight's gradient for a step. */
export interface GradientEntry {
  readonly name: string;
  readonly variable: tf.Variable;
  readonly gradient: tf.Tensor;
}

export class SgdMomentum {
  private readonly slots = new Map<string, tf.Tensor>();

  constructor(readonly config: SgdMomentumConfig) {
    if (!(config.momentum >= 0 && config.momentum < 1)) {
      throw new EnasError('CHILD_BAD_CONFIG', `momentum must be in [0, 1), got ${config.momentum}`);
    }
  }

  /** Apply one update with `learningRate` to exactly the weights in `entries`. */
  apply(entries: readonly GradientEntry[], learningRate: number): void {
    if (!Number.isFinite(learningRate) || learningRate < 0) {
      throw new EnasError('CHILD_BAD_CONFIG', `learning rate must be a finite number ≥ 0, got ${learningRate}`);
    }
    const { momentum, useNesterov } = this.config;
    for (const { name, variable, gradient } of entries) {
      const previous = this.checkedSlot(name, variable, gradient);
      const next = tf.tidy(() => {
        const lr = tf.scalar(learningRate);
        if (momentum === 0) {
          variable.assign(tf.sub(variable, tf.mul(lr, gradient)));
          return undefined;
        }
        const mu = tf.scalar(momentum);
        const accumulated = previous === undefined ? gradient.clone() : tf.add(tf.mul(mu, previous), gradient);
        const step = useNesterov ? tf.add(gradient, tf.mul(mu, accumulated)) : accumulated;
        variable.assign(tf.sub(variable, tf.mul(lr, step)));
        return tf.keep(accumulated);
      });
      if (next !== undefined) {
        previous?.dispose();
        this.slots.set(name, next);
      }
    }
  }

  /**
   * The whole step of train-step.ts as the backend's fused kernel (sgd-step-kernel.ts has the contract): the
   * L2 term's gradient added to each data-loss gradient in `entries`, clipping to the global norm `gradBound`
   * (null: none), then the same update as `apply`. Only for a backend with that kernel. Returns a float32 [2]
   * tensor: Σ w² over the weights before the update, and the global norm of the gradients before clipping.
   */
  applyFused(entries: readonly GradientEntry[], learningRate: number, l2Reg: number, gradBound: number | null): tf.Tensor1D {
    if (!Number.isFinite(learningRate) || learningRate < 0) {
      throw new EnasError('CHILD_BAD_CONFIG', `learning rate must be a finite number ≥ 0, got ${learningRate}`);
    }
    const { momentum, useNesterov } = this.config;
    const inputs: tf.NamedTensorMap = {};
    const slots: number[] = [];
    entries.forEach(({ name, variable, gradient }, i) => {
      const previous = this.checkedSlot(name, variable, gradient);
      inputs[`w${i}`] = variable;
      inputs[`g${i}`] = gradient;
      if (previous !== undefined && momentum > 0) {
        inputs[`a${i}`] = previous;
        slots.push(i);
      }
    });
    const attrs = { learningRate, l2Reg, momentum, useNesterov, gradBound: gradBound ?? NO_GRAD_BOUND, slots };
    const outputs = tf.engine().runKernel(SGD_STEP, inputs, attrs) as tf.Tensor[];
    const n = entries.length;
    if (outputs.length !== (momentum > 0 ? 2 * n : n) + 1) {
      throw new EnasError('INTERNAL', `${SGD_STEP} returned ${outputs.length} outputs for ${n} weights`);
    }
    entries.forEach(({ name, variable }, i) => {
      variable.assign(outputs[i] as tf.Tensor);
      (outputs[i] as tf.Tensor).dispose();
      if (momentum > 0) {
        this.slots.get(name)?.dispose();
        // Kept: the caller's tidy must not free the state that outlives this step.
        this.slots.set(name, tf.keep(outputs[n + i] as tf.Tensor));
      }
    });
    return outputs[outputs.length - 1] as tf.Tensor1D;
  }

  /** Checks a step's gradient and the weight's slot against the weight's shape; returns the slot, if any. */
  private checkedSlot(name: string, variable: tf.Variable, gradient: tf.Tensor): tf.Tensor | undefined {
    if (!sameShape(gradient.shape, variable.shape)) {
      throw new EnasError(
        'INTERNAL',
        `gradient of "${name}" has shape [${gradient.shape.join(', ')}], weight [${variable.shape.join(', ')}]`,
      );
    }
    const previous = this.slots.get(name);
    if (previous !== undefined && !sameShape(previous.shape, variable.shape)) {
      throw new EnasError(
        'CHILD_BAD_OPTIMIZER_STATE',
        `momentum of "${name}" has shape [${previous.shape.join(', ')}], weight [${variable.shape.join(', ')}]`,
      );
    }
    return previous;
  }

  /** Whether `name` has a momentum slot, i.e. it has been trained since the state was created or loaded. */
  hasSlot(name: string): boolean {
    return this.slots.has(name);
  }

  /** Number of momentum slots (each one tensor): what a leak check must allow for as new weights get trained. */
  get slotCount(): number {
    return this.slots.size;
  }

  /** Copies of the momentum slots by weight name, for a checkpoint. */
  async getState(): Promise<WeightSnapshot> {
    const out: WeightSnapshot = {};
    for (const [name, slot] of this.slots) {
      out[name] = { shape: [...slot.shape], values: new Float32Array(await slot.data()) };
    }
    return out;
  }

  /**
   * Replace the whole state with a checkpoint's. `shapes` gives each weight's shape by name; a slot for a
   * name it does not hold, or of another shape, is refused before anything changes.
   */
  setState(state: WeightSnapshot, shapes: ReadonlyMap<string, readonly number[]>): void {
    for (const name of Object.keys(state)) {
      const shape = shapes.get(name);
      if (shape === undefined) {
        throw new EnasError('CHILD_BAD_OPTIMIZER_STATE', `"${name}": the network has no such weight`);
      }
      checkArray(name, state[name], shape, 'CHILD_BAD_OPTIMIZER_STATE');
    }
    this.dispose();
    for (const [name, entry] of Object.entries(state)) {
      this.slots.set(name, tf.tensor(entry.values, [...entry.shape], 'float32'));
    }
  }

  /** Drop every slot. */
  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
