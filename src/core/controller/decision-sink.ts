/**
 * The seam between the controller network and what is done with its decisions. A policy walks the
 * official decision order and, at each decision, hands its shaped logits to a sink, which answers with
 * the chosen tokens: the sampling sink reads the logits back and draws with the Prng; the teacher sink
 * replays recorded tokens and builds the differentiable log-probability and skip penalty. One network
 * definition thus serves sampling and the REINFORCE gradient, and they cannot drift apart.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** What a categorical decision chooses: a macro/micro op, a micro input index, an rnn activation or an rnn previous node. */
export type DecisionKind = 'op' | 'index' | 'activation' | 'prev';

export interface DecisionSink {
  /**
   * One categorical decision per row over `logits.shape[1]` options, written at token `position`.
   * Returns the chosen option of every row. `hidden` is the top LSTM output [rows, lstmSize] the logits were
   * computed from: the controller's hidden state at this decision, which the controller analysis records
   * (Adam & Lorraine 2019, §4).
   */
  categorical(kind: DecisionKind, logits: tf.Tensor2D, position: number, hidden: tf.Tensor2D): Int32Array;
  /**
   * Macro skip connections: `logits.shape[1]` independent binary decisions per row, each a softmax over
   * [−q, q] with q the shaped attention logit (general_controller.py), written at tokens
   * `firstPosition …`. Returns the chosen bits row-major. The bits of one layer are one decision of one
   * hidden state, `hidden` [rows, lstmSize].
   */
  skips(logits: tf.Tensor2D, firstPosition: number, hidden: tf.Tensor2D): Int32Array;
}
