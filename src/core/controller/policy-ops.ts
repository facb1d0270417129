/**
 * The building blocks the three controller policies share, batched over rows so that one pass can
 * teacher-force many recorded architectures at once: the stacked LSTM of the official `common_ops.py`
 * (`lstm`, `stack_lstm`: no bias, gates i, f, o, g), the logit shaping (temperature, then the tanh
 * bound), the additive attention over anchors, and picks among anchors and embeddings by chosen index.
 *
 * Written for speed on the pure-JS cpu backend, where strided slices (tf.split, tf.unstack, and the
 * gradients of tf.stack and of concatenation along columns) and broadcasting copy element by element:
 * anchors are concatenated along rows, a pick is a matrix product with a constant selection matrix, and
 * one-hot rows are built in JS. Lookups never use tf.gather, whose gradient needs UnsortedSegmentSum, a
 * kernel the wasm backend lacks (docs/architecture.md §5). Callers run these inside tf.tidy or tf.variableGrads.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ControllerParams } from './controller-params';

/** Cell and hidden state of every LSTM layer, each [rows, lstmSize]. */
export interface LstmState {
  readonly c: readonly tf.Tensor2D[];
  readonly h: readonly tf.Tensor2D[];
}

function lstmSize(params: ControllerParams): number {
  return params.gEmb.shape[1];
}

export function zeroState(rows: number, params: ControllerParams): LstmState {
  const zeros = params.lstm.map(() => tf.zeros([rows, lstmSize(params)]) as tf.Tensor2D);
  return { c: zeros, h: zeros };
}

/** The output of the top LSTM layer, [rows, lstmSize]. */
export function topH(state: LstmState): tf.Tensor2D {
  const h = state.h[state.h.length - 1];
  if (h === undefined) throw new RangeError('LSTM state has no layers');
  return h;
}

/** One step of the stacked LSTM: layer 0 reads `x`, every further layer the h of the layer below. */
export function stackLstm(x: tf.Tensor2D, state: LstmState, params: ControllerParams): LstmState {
  const c: tf.Tensor2D[] = [];
  const h: tf.Tensor2D[] = [];
  params.lstm.forEach((kernels, layer) => {
    const input = layer === 0 ? x : (h[layer - 1] as tf.Tensor2D);
    const prevC = state.c[layer] as tf.Tensor2D;
    const prevH = state.h[layer] as tf.Tensor2D;
    const xh = tf.concat([input, prevH], 1);
    const i = tf.sigmoid(tf.matMul(xh, kernels.i));
    const f = tf.sigmoid(tf.matMul(xh, kernels.f));
    const o = tf.sigmoid(tf.matMul(xh, kernels.o));
    const g = tf.tanh(tf.matMul(xh, kernels.g));
    const nextC: tf.Tensor2D = tf.add(tf.mul(i, g), tf.mul(f, prevC));
    c.push(nextC);
    h.push(tf.mul(o, tf.tanh(nextC)));
  });
  return { c, h };
}

/** `g_emb` for every row: the input after which a fresh decision block starts. */
export function startInput(rows: number, params: ControllerParams): tf.Tensor2D {
  return tf.matMul(tf.ones([rows, 1]), params.gEmb);
}

/**
 * The official logit shaping: divide by the temperature, then bound with `tanhBound · tanh(·)`; either
 * is skipped when null.
 */
export function shapeLogits(logits: tf.Tensor2D, temperature: number | null, tanhBound: number | null): tf.Tensor2D {
  let out = logits;
  if (temperature !== null) out = tf.div(out, temperature);
  if (tanhBound !== null) out = tf.mul(tf.tanh(out), tanhBound);
  return out;
}

/**
 * Additive attention of the official controllers: for every anchor j, v · tanh(anchorW1_j + h · W2),
 * giving unshaped logits [rows, anchors].
 */
export function attentionLogits(
  anchorsW1: readonly tf.Tensor2D[],
  h: tf.Tensor2D,
  params: ControllerParams,
): tf.Tensor2D {
  const rows = h.shape[0];
  const count = anchorsW1.length;
  const query = tf.matMul(h, params.wAttn2);
  // Rows j·rows … (j+1)·rows − 1 belong to anchor j.
  const keys = tf.concat([...anchorsW1], 0);
  const queries = tf.concat(Array.from({ length: count }, () => query), 0);
  const scores = tf.matMul(tf.tanh(tf.add(keys, queries)), params.vAttn);
  return tf.transpose(tf.reshape(scores, [count, rows]));
}

/**
 * Σ_j weights[r·count + j] · anchors[j][r, :] for every row r, as one matrix product of a constant
 * selection matrix with the anchors concatenated along rows. The weights are functions of discrete
 * choices (a one-hot pick, a mean over chosen skips), so no gradient flows into them.
 */
export function pickAnchors(anchors: readonly tf.Tensor2D[], weights: Float32Array): tf.Tensor2D {
  const count = anchors.length;
  const rows = weights.length / count;
  const selection = new Float32Array(rows * count * rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < count; j++) selection[r * count * rows + j * rows + r] = weights[r * count + j] ?? 0;
  }
  return tf.matMul(tf.tensor2d(selection, [rows, count * rows]), tf.concat([...anchors], 0));
}

/** One-hot rows (row-major, rows × depth) of the chosen indices. */
export function oneHot(choices: Int32Array, depth: number): Float32Array {
  const values = new Float32Array(choices.length * depth);
  choices.forEach((choice, row) => (values[row * depth + choice] = 1));
  return values;
}

/** The embedding rows `w_emb[choice]` for every row. */
export function embed(choices: Int32Array, params: ControllerParams): tf.Tensor2D {
  const depth = params.wEmb.shape[0];
  return tf.matMul(tf.tensor2d(oneHot(choices, depth), [choices.length, depth]), params.wEmb);
}
