/**
 * The micro controller, following melodyguan/enas micro_controller.py. The normal cell is sampled first
 * from a zero LSTM state, the reduction cell continues from the state the normal cell ends in. Per cell:
 * two LSTM steps on `g_emb` give the attention keys of the two cell inputs (their anchors are zeros); then
 * per searched node two input indices (attention over all earlier nodes, the chosen anchor fed back),
 * two ops (`w_soft` + learned `b_soft`, bounded by tanhConstant / opTanhReduce, plus the fixed
 * `b_soft_no_learn` [0.25, 0.25, −0.25, …] in the normal cell only, scaled by `normalCellOpOffset`; the op embedding fed back), and one
 * more LSTM step whose output is the node's anchor, after which the input is `g_emb` again.
 * Decisions are taken index_1, index_2, op_1, op_2 but written as tokens index_1 op_1 index_2 op_2.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ControllerConfig } from '../../shared/config/controller';
import type { MicroSpaceConfig } from '../../shared/config/space';
import type { ControllerParams } from './controller-params';
import type { DecisionSink } from './decision-sink';
import type { LstmState } from './policy-ops';
import {
  attentionLogits,
  embed,
  oneHot,
  pickAnchors,
  shapeLogits,
  stackLstm,
  startInput,
  topH,
  zeroState,
} from './policy-ops';

/** The fixed op logit offset of the normal cell (micro_controller.py `b_soft_no_learn`). */
function normalCellOpOffset(numBranches: number, offset: number): tf.Tensor2D {
  return tf.tensor2d(
    Array.from({ length: numBranches }, (_, i) => (i < 2 ? offset : -offset)),
    [1, numBranches],
  );
}

function runCell(
  space: MicroSpaceConfig,
  config: ControllerConfig,
  params: ControllerParams,
  rows: number,
  sink: DecisionSink,
  initial: LstmState,
  firstPosition: number,
  isNormal: boolean,
): LstmState {
  const opBound = config.tanhConstant === null ? null : config.tanhConstant / config.opTanhReduce;
  const bSoft = params.bSoft;
  if (bSoft === null) throw new RangeError('the micro controller needs the op bias b_soft');
  const anchors: tf.Tensor2D[] = [];
  const anchorsW1: tf.Tensor2D[] = [];
  let state = initial;
  let input = startInput(rows, params);
  for (let i = 0; i < 2; i++) {
    state = stackLstm(input, state, params);
    const h = topH(state);
    anchors.push(tf.zeros([rows, h.shape[1]]));
    anchorsW1.push(tf.matMul(h, params.wAttn1));
  }
  for (let node = 0; node < space.numNodes; node++) {
    const base = firstPosition + 4 * node;
    for (let i = 0; i < 2; i++) {
      state = stackLstm(input, state, params);
      const indexH = topH(state);
      const logits = shapeLogits(attentionLogits(anchorsW1, indexH, params), config.temperature, config.tanhConstant);
      const index = sink.categorical('index', logits, base + 2 * i, indexH);
      input = pickAnchors(anchors, oneHot(index, anchors.length));
    }
    for (let i = 0; i < 2; i++) {
      state = stackLstm(input, state, params);
      const opH = topH(state);
      let logits = shapeLogits(tf.add(tf.matMul(opH, params.wSoft), bSoft), config.temperature, opBound);
      if (isNormal && config.normalCellOpOffset !== 0) logits = tf.add(logits, normalCellOpOffset(space.numBranches, config.normalCellOpOffset));
      const op = sink.categorical('op', logits, base + 2 * i + 1, opH);
      input = embed(op, params);
    }
    state = stackLstm(input, state, params);
    const h = topH(state);
    anchors.push(h);
    anchorsW1.push(tf.matMul(h, params.wAttn1));
    input = startInput(rows, params);
  }
  return state;
}

export function runMicroPolicy(
  space: MicroSpaceConfig,
  config: ControllerConfig,
  params: ControllerParams,
  rows: number,
  sink: DecisionSink,
): void {
  const afterNormal = runCell(space, config, params, rows, sink, zeroState(rows, params), 0, true);
  runCell(space, config, params, rows, sink, afterNormal, 4 * space.numNodes, false);
}
