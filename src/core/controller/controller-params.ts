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

function uniformVariable(shape: [number, number], prng: Prng): Matrix {
  const values = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < values.length; i++) values[i] = (prng.next() * 2 - 1) * INIT_RANGE;
  return variableFrom(values, shape);
}

/**
 * Fresh controller variables for a space. The draws are taken in the order of {@link namedVariables},
 * so the Prng stream after creation depends only on the seed, the space and the config.
 */
export function createControllerParams(space: AnySpaceConfig, config: ControllerConfig, prng: Prng): ControllerParams {
  const h = config.lstmSize;
  const k = opChoices(space);
  const lstm = Array.from({ length: config.lstmNumLayers }, () => ({
    i: uniformVariable([2 * h, h], prng),
    f: uniformVariable([2 * h, h], prng),
    o: uniformVariable([2 * h, h], prng),
    g: uniformVariable([2 * h, h], prng),
  }));
  const gEmb = uniformVariable([1, h], prng);
  const wEmb = uniformVariable([k, h], prng);
  const wSoft = uniformVariable([h, k], prng);
  // micro_controller.py starts b_soft at [10, 10, 0, …]: a prior for the two separable convolutions.
  const bSoft =
    space.space === 'micro'
      ? variableFrom(Float32Array.from({ length: k }, (_, i) => (i < 2 ? config.opBiasInit : 0)), [1, k])
      : null;
  const wAttn1 = uniformVariable([h, h], prng);
  const wAttn2 = uniformVariable([h, h], prng);
  const vAttn = uniformVariable([h, 1], prng);
  return { lstm, gEmb, wEmb, wSoft, bSoft, wAttn1, wAttn2, vAttn };
}

export function disposeControllerParams(params: ControllerParams): void {
  for (const { variable } of namedVariables(params)) variable.dispose();
}
