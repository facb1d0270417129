/**
 * The recurrent-cell controller, following melodyguan/enas src/ptb/ptb_enas_controller.py at its latest
 * commit (2d0cd4b), which carries the LSTM state from step to step (the first version did not). Per node
 * k: an LSTM step whose output is node k's anchor; for k > 0 the previous node j < k is chosen by
 * attention over the earlier anchors, with the official prior −rnnDistancePrior·(k − j)² added after
 * shaping, and the next input is anchor j scaled by 1 / (0.1 + k − j); node 0 feeds `g_emb` instead.
 * Then another LSTM step gives the activation logits from `w_soft`, and the activation's embedding is
 * the next input. Tokens: node 0's activation, then per node k ≥ 1 `prev_index activation`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ControllerConfig } from '../../shared/config/controller';
import type { RnnSpaceConfig } from '../../shared/config/space';
import type { ControllerParams } from './controller-params';
import type { DecisionSink } from './decision-sink';
import { attentionLogits, embed, pickAnchors, shapeLogits, stackLstm, startInput, topH, zeroState } from './policy-ops';

export function runRnnPolicy(
  space: RnnSpaceConfig,
  config: ControllerConfig,
  params: ControllerParams,
  rows: number,
  sink: DecisionSink,
): void {
  const anchors: tf.Tensor2D[] = [];
  const anchorsW1: tf.Tensor2D[] = [];
  let state = zeroState(rows, params);
  let input = startInput(rows, params);
  for (let node = 0; node < space.numNodes; node++) {
    state = stackLstm(input, state, params);
    const h = topH(state);
    if (node > 0) {
      let logits = shapeLogits(attentionLogits(anchorsW1, h, params), config.temperature, config.tanhConstant);
      if (config.rnnDistancePrior > 0) {
        const prior = Array.from({ length: node }, (_, j) => -config.rnnDistancePrior * (node - j) ** 2);
        logits = tf.add(logits, tf.tensor2d(prior, [1, node]));
      }
      const prev = sink.categorical('prev', logits, 2 * node - 1, h);
      const weights = new Float32Array(rows * node);
      prev.forEach((j, r) => (weights[r * node + j] = 1 / (0.1 + node - j)));
      input = pickAnchors(anchors, weights);
    } else {
      input = startInput(rows, params);
    }
    anchors.push(h);
    anchorsW1.push(tf.matMul(h, params.wAttn1));
    state = stackLstm(input, state, params);
    const activationH = topH(state);
    const logits = shapeLogits(tf.matMul(activationH, params.wSoft), config.temperature, config.tanhConstant);
    const activation = sink.categorical('activation', logits, node === 0 ? 0 : 2 * node, activationH);
    input = embed(activation, params);
  }
}
