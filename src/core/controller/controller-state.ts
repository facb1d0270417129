/**
 * Everything that makes a controller's future samples and updates what they are: weights, Adam moments,
 * update step, reward baseline and the Prng state, as plain numbers and Float32Array copies. A checkpoint
 * holding this resumes the exact sample stream of an uninterrupted run (docs/reliability.md T1.2). The check
 * here runs before anything is restored, so a bad state leaves the controller as it was.
 */
import { EnasError } from '../../shared/errors';
import type { PrngState } from '../random/prng';
import type { AdamMomentsSnapshot } from './adam';

/** A tensor as a plain copy. */
export interface TensorSnapshot {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface ControllerState {
  /** Updates applied so far (Adam's t). */
  readonly step: number;
  /** The moving-average reward baseline. */
  readonly baseline: number;
  readonly prng: PrngState;
  /** Weights by official variable name (`lstm/layer_0/w`, `g_emb`, …). */
  readonly weights: Readonly<Record<string, TensorSnapshot>>;
  /** Adam moments by the same names. */
  readonly adam: Readonly<Record<string, AdamMomentsSnapshot>>;
}

function bad(message: string): EnasError {
  return new EnasError('STRATEGY_BAD_STATE', `controller state: ${message}`);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkValues(where: string, values: unknown, size: number): void {
  if (!(values instanceof Float32Array)) throw bad(`${where} must be a Float32Array`);
  if (values.length !== size) throw bad(`${where} has ${values.length} values, expected ${size}`);
  if (!values.every(Number.isFinite)) throw bad(`${where} holds a non-finite value`);
}

/**
 * Throws STRATEGY_BAD_STATE unless `state` has exactly the variables `expected` (name → shape) with
 * finite values of the right sizes, a non-negative integer step and a finite baseline.
 */
export function checkControllerState(state: ControllerState, expected: ReadonlyMap<string, readonly number[]>): void {
  if (!Number.isSafeInteger(state.step) || state.step < 0) {
    throw bad(`step must be a non-negative integer, got ${String(state.step)}`);
  }
  if (!Number.isFinite(state.baseline)) throw bad(`baseline must be finite, got ${String(state.baseline)}`);
  for (const [label, record] of [
    ['weights', state.weights],
    ['adam', state.adam],
  ] as const) {
    const names = Object.keys(record).sort();
    const wanted = [...expected.keys()].sort();
    if (names.join(',') !== wanted.join(',')) {
      throw bad(`${label} must hold exactly [${wanted.join(', ')}], got [${names.join(', ')}]`);
    }
  }
  for (const [name, shape] of expected) {
    const size = shape.reduce((a, b) => a * b, 1);
    const weight = state.weights[name];
    if (weight === undefined || !sameShape(weight.shape, shape)) {
      throw bad(`weight ${name} must have shape [${shape.join(', ')}], got [${weight?.shape.join(', ') ?? ''}]`);
    }
    checkValues(`weight ${name}`, weight.values, size);
    const moments = state.adam[name];
    checkValues(`adam m of ${name}`, moments?.m, size);
    checkValues(`adam v of ${name}`, moments?.v, size);
  }
}
