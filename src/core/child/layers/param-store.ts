/**
 * The weights of one child network, keyed by stable names such as `layer3/node1/x/from0/sep3x3/stack0/depthwise`.
 * Checkpoints, the optimizer state and parameter counts all use these names, never tfjs's own variable
 * names: tfjs registers variables in one global table, so each store gives its variables a unique prefix
 * (two supernets may live in one process) that never leaves this file.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import type { Prng } from '../../random/prng';
import { initialValues } from './initializers';
import type { Initializer } from './initializers';

/** One named tensor as plain data: what a checkpoint stores. */
export interface NamedArray {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Weights (or optimizer slots) by stable name. */
export type WeightSnapshot = Record<string, NamedArray>;

let storeCounter = 0;

export class ParamStore {
  private readonly byName = new Map<string, tf.Variable>();
  private readonly localNames = new Map<string, string>();
  private readonly prefix: string;

  /**
   * @param scope readable part of the tfjs names (e.g. `micro-supernet`), for tfjs's own error messages.
   * @param prng draws the initial values; variables are initialised in creation order.
   */
  constructor(
    scope: string,
    private readonly prng: Prng,
  ) {
    storeCounter += 1;
    this.prefix = `${scope}#${storeCounter}/`;
  }

  /** Create a variable. Trainable variables get gradients; BN moving statistics are not trainable. */
  add<R extends tf.Rank>(name: string, shape: readonly number[], init: Initializer, trainable = true): tf.Variable<R> {
    if (this.byName.has(name)) {
      throw new EnasError('INTERNAL', `child weight "${name}" was created twice`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const values = initialValues(init, size, this.prng);
    const initial = tf.tensor(values, [...shape], 'float32') as unknown as tf.Tensor<R>;
    const variable = tf.variable(initial, trainable, this.prefix + name);
    initial.dispose();
    this.byName.set(name, variable);
    this.localNames.set(variable.name, name);
    return variable;
  }

  /** Variables by stable name, in creation order. */
  get variables(): ReadonlyMap<string, tf.Variable> {
    return this.byName;
  }

  /** The stable name of one of this store's variables. */
  nameOf(variable: tf.Variable): string {
    const name = this.localNames.get(variable.name);
    if (name === undefined) throw new EnasError('INTERNAL', `variable ${variable.name} is not a child weight`);
    return name;
  }

  /** Copies of every variable's values (trainable or not), by stable name. */
  async getWeights(): Promise<WeightSnapshot> {
    const out: WeightSnapshot = {};
    for (const [name, variable] of this.byName) {
      const data = await variable.data();
      out[name] = { shape: [...variable.shape], values: new Float32Array(data) };
    }
    return out;
  }

  /**
   * Replace every variable's values. The snapshot must hold exactly this network's names with the same
   * shapes: a checkpoint of another configuration is refused before anything is written.
   */
  setWeights(snapshot: WeightSnapshot): void {
    const given = Object.keys(snapshot);
    const missing = [...this.byName.keys()].filter((name) => !(name in snapshot));
    const unknown = given.filter((name) => !this.byName.has(name));
    if (missing.length > 0 || unknown.length > 0) {
      throw new EnasError(
        'CHILD_BAD_WEIGHTS',
        `weights do not match this network: ${missing.length} missing (${preview(missing)}), ` +
          `${unknown.length} unknown (${preview(unknown)})`,
      );
    }
    for (const [name, variable] of this.byName) {
      checkArray(name, snapshot[name], variable.shape, 'CHILD_BAD_WEIGHTS');
    }
    for (const [name, variable] of this.byName) {
      const entry = snapshot[name];
      if (entry === undefined) continue;
      tf.tidy(() => variable.assign(tf.tensor(entry.values, variable.shape, 'float32')));
    }
  }

  /** Number of scalar parameters in the named trainable variables. */
  countParams(names: Iterable<string>): number {
    let total = 0;
    for (const name of names) {
      const variable = this.byName.get(name);
      if (variable !== undefined && variable.trainable) total += variable.size;
    }
    return total;
  }

  dispose(): void {
    for (const variable of this.byName.values()) variable.dispose();
    this.byName.clear();
    this.localNames.clear();
  }
}

/**
 * Throw `code` unless `entry` is an array of `shape`: the check shared by weights and optimizer state read
 * from a checkpoint.
 */
export function checkArray(
  name: string,
  entry: NamedArray | undefined,
  shape: readonly number[],
  code: 'CHILD_BAD_WEIGHTS' | 'CHILD_BAD_OPTIMIZER_STATE',
): asserts entry is NamedArray {
  if (entry === undefined) throw new EnasError(code, `"${name}": missing`);
  const size = shape.reduce((a, b) => a * b, 1);
  const sameShape = entry.shape.length === shape.length && entry.shape.every((d, i) => d === shape[i]);
  if (!sameShape || !(entry.values instanceof Float32Array) || entry.values.length !== size) {
    throw new EnasError(
      code,
      `"${name}": expected shape [${shape.join(', ')}] (${size} floats), ` +
        `got shape [${entry.shape.join(', ')}] with ${entry.values?.length ?? 0} values`,
    );
  }
}

function preview(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown}, …` : shown;
}
