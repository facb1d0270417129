/**
 * The trainable variables of the ENAS controller, shaped and named as in the official code
 * (melodyguan/enas `_create_params` of general_controller.py, micro_controller.py, ptb_enas_controller.py):
 * the LSTM kernels (no bias), the start input `g_emb`, the choice embedding `w_emb`, the op head `w_soft`
 * (plus the learned bias `b_soft` of the micro controller) and the attention `w_attn_1`, `w_attn_2`,
 * `v_attn`. The official LSTM kernel `w` [2·lstmSize, 4·lstmSize] is kept as its four gate column blocks
 * `w_i`, `w_f`, `w_o`, `w_g` [2·lstmSize, lstmSize]: the same function, but no split of the gate
 * activations, whose strided slices are very slow on the tfjs cpu backend. Weights are drawn from the seeded Prng, uniform in [−0.1, 0.1] as the official
 * `tf.random_uniform_initializer(-0.1, 0.1)`, so equal seeds give equal controllers on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ControllerConfig } from '../../shared/config/controller';
import { NB201_OPS } from '../../shared/config/space';
import type { AnySpaceConfig } from '../../shared/config/space';
import type { Prng } from '../random/prng';

/** A trainable 2-D variable; every controller weight is a matrix. */
export type Matrix = tf.Variable<tf.Rank.R2>;

/** One LSTM layer's kernels, each [2·lstmSize, lstmSize] acting on [input, h]: input, forget, output gates and candidate. */
export interface LstmKernels {
  readonly i: Matrix;
  readonly f: Matrix;
  readonly o: Matrix;
  readonly g: Matrix;
}

export interface ControllerParams {
  /** Per LSTM layer, its gate kernels. */
  readonly lstm: readonly LstmKernels[];
  /** The learned first input, [1, lstmSize]. */
  readonly gEmb: Matrix;
  /** Embeddings of the op (or activation) choices, [numChoices, lstmSize]. */
  readonly wEmb: Matrix;
  /** Op (or activation) logits head, [lstmSize, numChoices]. */
  readonly wSoft: Matrix;
  /** Micro only: learned op logit bias [1, numChoices]; null in the other spaces. */
  readonly bSoft: Matrix | null;
  /** Attention on the anchors, [lstmSize, lstmSize]. */
  readonly wAttn1: Matrix;
  /** Attention on the current LSTM output, [lstmSize, lstmSize]. */
  readonly wAttn2: Matrix;
  /** Attention read-out, [lstmSize, 1]. */
  readonly vAttn: Matrix;
}

/** A variable with the stable name under which the optimizer and checkpoints keep its state. */
export interface NamedVariable {
  readonly name: string;
  readonly variable: tf.Variable;
}

const INIT_RANGE = 0.1;
const GATES = ['i', 'f', 'o', 'g'] as const;

/** Number of options of the op-like decision: ops (macro, micro, nb201) or activations (rnn). */
function opChoices(space: AnySpaceConfig): number {
  if (space.space === 'nb201') return NB201_OPS.length;
  return space.space === 'rnn' ? space.numActivations : space.numBranches;
}

/** The variables in a fixed order, with their official names (scope/name). */
export function namedVariables(params: ControllerParams): NamedVariable[] {
  const list: NamedVariable[] = params.lstm.flatMap((kernels, layer) =>
    GATES.map((gate) => ({ name: `lstm/layer_${layer}/w_${gate}`, variable: kernels[gate] })),
  );
  list.push(
    { name: 'g_emb', variable: params.gEmb },
    { name: 'emb/w', variable: params.wEmb },
    { name: 'softmax/w', variable: params.wSoft },
  );
  if (params.bSoft !== null) list.push({ name: 'softmax/b', variable: params.bSoft });
  list.push(
    { name: 'attention/w_1', variable: params.wAttn1 },
    { name: 'attention/w_2', variable: params.wAttn2 },
    { name: 'attention/v', variable: params.vAttn },
  );
  return list;
}

function variableFrom(values: Float32Array, shape: [number, number]): Matrix {
  const initial = tf.tensor2d(values, shape);
  // No name: tfjs names are global to the engine, and two controllers may live side by side.
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

/** One controller weight's initial values, by official name. */
export interface InitialWeight {
  readonly name: string;
  readonly shape: [number, number];
  readonly values: Float32Array;
}

function uniformValues(shape: [number, number], prng: Prng): Float32Array {
  const values = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < values.length; i++) values[i] = (prng.next() * 2 - 1) * INIT_RANGE;
  return values;
}

/**
 * Fresh controller weights for a space as plain arrays, in the order of {@link namedVariables}, drawn from the
 * Prng in that order, so the Prng stream after creation depends only on the seed, the space and the config.
 * Every controller implementation starts from these (the tfjs one below, the plain one of js-controller.ts).
 */
export function initialControllerWeights(space: AnySpaceConfig, config: ControllerConfig, prng: Prng): InitialWeight[] {
  const h = config.lstmSize;
  const k = opChoices(space);
  const uniform = (name: string, shape: [number, number]): InitialWeight => ({ name, shape, values: uniformValues(shape, prng) });
  const out: InitialWeight[] = [];
  for (let layer = 0; layer < config.lstmNumLayers; layer++) {
    for (const gate of GATES) out.push(uniform(`lstm/layer_${layer}/w_${gate}`, [2 * h, h]));
  }
  out.push(uniform('g_emb', [1, h]), uniform('emb/w', [k, h]), uniform('softmax/w', [h, k]));
  // micro_controller.py starts b_soft at [10, 10, 0, …]: a prior for the two separable convolutions.
  if (space.space === 'micro') {
    out.push({ name: 'softmax/b', shape: [1, k], values: Float32Array.from({ length: k }, (_, i) => (i < 2 ? config.opBiasInit : 0)) });
  }
  out.push(uniform('attention/w_1', [h, h]), uniform('attention/w_2', [h, h]), uniform('attention/v', [h, 1]));
  return out;
}

/** Fresh controller variables for a space, from {@link initialControllerWeights}. */
export function createControllerParams(space: AnySpaceConfig, config: ControllerConfig, prng: Prng): ControllerParams {
  const byName = new Map(initialControllerWeights(space, config, prng).map((w) => [w.name, variableFrom(w.values, w.shape)]));
  const get = (name: string): Matrix => {
    const variable = byName.get(name);
    if (variable === undefined) throw new RangeError(`controller weight ${name} was not created`);
    return variable;
  };
  const lstm = Array.from({ length: config.lstmNumLayers }, (_, layer) => ({
    i: get(`lstm/layer_${layer}/w_i`),
    f: get(`lstm/layer_${layer}/w_f`),
    o: get(`lstm/layer_${layer}/w_o`),
    g: get(`lstm/layer_${layer}/w_g`),
  }));
  return {
    lstm,
    gEmb: get('g_emb'),
    wEmb: get('emb/w'),
    wSoft: get('softmax/w'),
    bSoft: byName.get('softmax/b') ?? null,
    wAttn1: get('attention/w_1'),
    wAttn2: get('attention/w_2'),
    vAttn: get('attention/v'),
  };
}

export function disposeControllerParams(params: ControllerParams): void {
  for (const { variable } of namedVariables(params)) variable.dispose();
}
