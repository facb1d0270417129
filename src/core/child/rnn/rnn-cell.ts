/**
 * The ENAS recurrent cell (Pham et al., 2018, §2.1; official ptb_enas_child.py `_rhn_enas`/`_rhn_fixed`).
 *
 * Node 0 reads x_t and h_{t−1}: [c, h̃] = [x_t, h_{t−1}] · W₀, c = sigmoid,
 * s₀ = c ⊙ act(h̃) + (1 − c) ⊙ h_{t−1}.
 * Node k ≥ 1 reads node j = prev: [c, h̃] = s_j · W_k,j, s_k = c ⊙ act(h̃) + (1 − c) ⊙ s_j. The nodes no
 * other node reads are averaged into h_t. Weights: W₀ per activation ([2H, 2H]) and W_k,j per activation
 * ([H, 2H]), as the official code slices its w_prev by activation and w_skip by (prev, activation).
 * Variational dropout masks (one per sequence, the same at every step) multiply x_t and every state a
 * node reads; the highway carry uses the undropped state, as the official code does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { addAll } from '../layers/add-all';
import type { RnnArc } from '../../spaces';
import type { ParamStore } from '../layers/param-store';

/** Variational dropout masks of one BPTT chunk, [batch, H] each; undefined where nothing is dropped. */
interface CellMasks {
  readonly input: tf.Tensor2D | undefined;
  readonly state: tf.Tensor2D | undefined;
}

/** The nodes no other node reads: averaged into the cell output. */
function rnnLooseEnds(arc: RnnArc): number[] {
  const read = new Set(arc.nodes.slice(1).map((node) => node.prev));
  return arc.nodes.map((_, k) => k).filter((k) => !read.has(k));
}

/** Check that `arc` fits a cell of `numNodes` nodes and `numActivations` activations. */
export function checkRnnArc(arc: RnnArc, numNodes: number, numActivations: number): void {
  if (arc.nodes.length !== numNodes) {
    throw new EnasError('ARC_BAD_LENGTH', `rnn arc has ${arc.nodes.length} nodes, the network ${numNodes}`);
  }
  arc.nodes.forEach((node, k) => {
    if (!Number.isInteger(node.activation) || node.activation < 0 || node.activation >= numActivations) {
      throw new EnasError(
        'ARC_BAD_ACTIVATION',
        `rnn node ${k}: activation ${node.activation} is not in [0, ${numActivations})`,
      );
    }
    const prevOk = k === 0 ? node.prev === -1 : Number.isInteger(node.prev) && node.prev >= 0 && node.prev < k;
    if (!prevOk) {
      throw new EnasError(
        'ARC_BAD_INDEX',
        `rnn node ${k}: prev ${node.prev} is not ${k === 0 ? '-1' : `in [0, ${k})`}`,
      );
    }
  });
}

function activate(activation: number, x: tf.Tensor2D): tf.Tensor2D {
  switch (activation) {
    case 0:
      return tf.tanh(x);
    case 1:
      return tf.relu(x);
    case 2:
      return x;
    case 3:
      return tf.sigmoid(x);
    default:
      throw new EnasError('ARC_BAD_ACTIVATION', `rnn activation ${activation} is not in [0, 4)`);
  }
}

/** `prev + c ⊙ (act(h̃) − prev)` from the pre-activations [c | h̃]: official `s = prev_s + t * (h - prev_s)`. */
function highway(pre: tf.Tensor2D, prev: tf.Tensor2D, activation: number, hidden: number): tf.Tensor2D {
  const [gate, candidate] = tf.split(pre, [hidden, hidden], 1) as [tf.Tensor2D, tf.Tensor2D];
  return tf.add(prev, tf.mul(tf.sigmoid(gate), tf.sub(activate(activation, candidate), prev)));
}

export class RnnCell {
  /** W₀ by activation. */
  private readonly first: (tf.Variable<tf.Rank.R2> | undefined)[];
  /** W_k,j by node k (index 0 unused), previous node j and activation. */
  private readonly rest: (tf.Variable<tf.Rank.R2> | undefined)[][][];

  /**
   * @param only build the weights of this architecture alone (a fixed network); otherwise all of them.
   * @param initRange the official uniform init range for this hidden size.
   */
  constructor(
    store: ParamStore,
    private readonly hidden: number,
    numNodes: number,
    numActivations: number,
    initRange: number,
    only: RnnArc | undefined,
  ) {
    const init = { kind: 'uniform', range: initRange } as const;
    const wanted = (k: number, prev: number, activation: number): boolean =>
      only === undefined || (only.nodes[k]?.activation === activation && only.nodes[k]?.prev === prev);
    this.first = Array.from({ length: numActivations }, (_, a) =>
      wanted(0, -1, a) ? store.add<tf.Rank.R2>(`cell/node0/${a}/w`, [2 * hidden, 2 * hidden], init) : undefined,
    );
    this.rest = Array.from({ length: numNodes }, (_, k) =>
      Array.from({ length: k }, (_, prev) =>
        Array.from({ length: numActivations }, (_, a) =>
          wanted(k, prev, a)
            ? store.add<tf.Rank.R2>(`cell/node${k}/from${prev}/${a}/w`, [hidden, 2 * hidden], init)
            : undefined,
        ),
      ),
    );
  }

  /** The weights `arc` uses. */
  usedTrainable(arc: RnnArc): tf.Variable[] {
    return arc.nodes.map((node, k) => this.weight(k, node.prev, node.activation));
  }

  /** h_t from x_t and h_{t−1}. */
  step(x: tf.Tensor2D, previous: tf.Tensor2D, arc: RnnArc, masks: CellMasks | undefined): tf.Tensor2D {
    const drop = (t: tf.Tensor2D, mask: tf.Tensor2D | undefined): tf.Tensor2D =>
      mask === undefined ? t : tf.mul(t, mask);
    const states: tf.Tensor2D[] = [];
    arc.nodes.forEach((node, k) => {
      const weight = this.weight(k, node.prev, node.activation);
      if (k === 0) {
        const input = tf.concat([drop(x, masks?.input), drop(previous, masks?.state)], 1);
        states.push(highway(tf.matMul(input, weight), previous, node.activation, this.hidden));
      } else {
        const from = states[node.prev] as tf.Tensor2D;
        states.push(highway(tf.matMul(drop(from, masks?.state), weight), from, node.activation, this.hidden));
      }
    });
    const loose = rnnLooseEnds(arc).map((k) => states[k] as tf.Tensor2D);
    return tf.div(addAll(loose), loose.length);
  }

  private weight(k: number, prev: number, activation: number): tf.Variable<tf.Rank.R2> {
    const weight = k === 0 ? this.first[activation] : this.rest[k]?.[prev]?.[activation];
    if (weight === undefined) {
      throw new EnasError(
        'INTERNAL',
        `rnn cell has no weights for node ${k} reading ${prev} with activation ${activation}`,
      );
    }
    return weight;
  }
}
