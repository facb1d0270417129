/**
 * The controller policy of the NAS-Bench-201 cell (six edges, one op each; Dong & Yang, ICLR 2020). The
 * cell's only decisions are ops, so this is the op part of the macro controller of melodyguan/enas
 * general_controller.py without its skip decisions: from a zero LSTM state and `g_emb`, per edge one LSTM
 * step, op logits from `w_soft` (shaped by temperature and the tanh bound `tanhConstant`), and the chosen
 * op's embedding as the next input. Tokens: one op per edge, in the benchmark's edge order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ControllerConfig } from '../../shared/config/controller';
import type { Nb201SpaceConfig } from '../../shared/config/space';
import type { ControllerParams } from './controller-params';
import type { DecisionSink } from './decision-sink';
import { embed, shapeLogits, stackLstm, startInput, topH, zeroState } from './policy-ops';

/** Edges of the cell: 1←0, 2←0, 2←1, 3←0, 3←1, 3←2. */
const NB201_EDGE_COUNT = 6;

export function runNb201Policy(
  _space: Nb201SpaceConfig,
  config: ControllerConfig,
  params: ControllerParams,
  rows: number,
  sink: DecisionSink,
): void {
  let state = zeroState(rows, params);
  let input = startInput(rows, params);
  for (let edge = 0; edge < NB201_EDGE_COUNT; edge++) {
    state = stackLstm(input, state, params);
    const h = topH(state);
    const logits = shapeLogits(tf.matMul(h, params.wSoft), config.temperature, config.tanhConstant);
    const ops = sink.categorical('op', logits, edge, h);
    input = embed(ops, params);
  }
}
