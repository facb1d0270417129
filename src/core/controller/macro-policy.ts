/**
 * The macro controller, following melodyguan/enas general_controller.py with `search_whole_channels`
 * (as the official macro search script runs it). Per layer i: an LSTM step and the op logits from
 * `w_soft`; the op's embedding as the next input and another LSTM step; for i > 0 one binary skip
 * decision per earlier layer j, from the attention of the current output on the anchor of layer j; then
 * the next input is the mean of the chosen anchors (sum over (1 + count), so no skip gives zeros), or
 * `g_emb` after layer 0. The anchor of layer i is the LSTM output after its op embedding.
 * Tokens: per layer `op` then its i skip bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ControllerConfig } from '../../shared/config/controller';
import type { MacroSpaceConfig } from '../../shared/config/space';
import type { ControllerParams } from './controller-params';
import type { DecisionSink } from './decision-sink';
import { attentionLogits, embed, pickAnchors, shapeLogits, stackLstm, startInput, topH, zeroState } from './policy-ops';

export function runMacroPolicy(
  space: MacroSpaceConfig,
  config: ControllerConfig,
  params: ControllerParams,
  rows: number,
  sink: DecisionSink,
): void {
  const anchors: tf.Tensor2D[] = [];
  const anchorsW1: tf.Tensor2D[] = [];
  let state = zeroState(rows, params);
  let input = startInput(rows, params);
  let position = 0;
  for (let layer = 0; layer < space.numLayers; layer++) {
    state = stackLstm(input, state, params);
    // The macro controller bounds op logits by tanhConstant itself: op_tanh_reduce is a micro-only knob.
    const opH = topH(state);
    const opLogits = shapeLogits(tf.matMul(opH, params.wSoft), config.temperature, config.tanhConstant);
    const ops = sink.categorical('op', opLogits, position, opH);
    position += 1;
    input = embed(ops, params);
    state = stackLstm(input, state, params);
    const h = topH(state);
    if (layer > 0) {
      const skipLogits = shapeLogits(attentionLogits(anchorsW1, h, params), config.temperature, config.tanhConstant);
      const bits = sink.skips(skipLogits, position, h);
      position += layer;
      const weights = new Float32Array(rows * layer);
      for (let r = 0; r < rows; r++) {
        const row = bits.subarray(r * layer, (r + 1) * layer);
        const count = row.reduce((acc, bit) => acc + bit, 0);
        row.forEach((bit, j) => (weights[r * layer + j] = bit / (1 + count)));
      }
      input = pickAnchors(anchors, weights);
    } else {
      input = startInput(rows, params);
    }
    anchors.push(h);
    anchorsW1.push(tf.matMul(h, params.wAttn1));
  }
}
