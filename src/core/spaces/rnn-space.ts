/**
 * The recurrent-cell space of ENAS (Pham et al., 2018, §2.2), searched on Penn Treebank: a cell of N nodes.
 * Node 0 reads x_t and h_{t−1}; node k ≥ 1 reads the output of one earlier node prev ∈ 0..k−1. Each node
 * applies one activation (0 tanh, 1 ReLU, 2 identity, 3 sigmoid: RNN_ACTIVATIONS) inside a highway-style
 * update, and the nodes no other node reads (the loose ends) are averaged into h_t.
 *
 * Official arc: token 0 is node 0's activation; then for node k = 1..N−1 the pair `prev activation`, so an
 * arc has 2N − 1 tokens. This is how melodyguan/enas reads it: src/ptb/ptb_enas_child.py (`_rhn_fixed`)
 * takes `sample_arc[0]` as the first node's function, then `prev_idx = sample_arc[start_idx]`,
 * `func_idx = sample_arc[start_idx + 1]` with start_idx = 1, 3, 5, … for rhn_layer_id = 1..rhn_depth−1,
 * indexing `layers` where node 0 is layers[0]; src/ptb/ptb_enas_controller.py samples the skip index over
 * `layer_id` earlier nodes before each function. scripts/ptb_final.sh passes its 23-token arc with
 * `--child_rhn_depth=12`, i.e. N = 12.
 */
import { EnasError } from '../../shared/errors';
import { rnnSpaceSchema } from '../../shared/config/space';
import type { RnnSpaceConfig } from '../../shared/config/space';
import type { TokenSlot } from './arc-tokens';
import { defineSpace } from './define-space';
import { parseSpaceConfig } from './parse-space-config';
import type { SearchSpace } from './search-space';

export interface RnnNode {
  /** The earlier node this one reads, 0..k−1 for node k; −1 for node 0, which reads x_t and h_{t−1}. */
  readonly prev: number;
  /** Index into RNN_ACTIVATIONS, < numActivations. */
  readonly activation: number;
}

export interface RnnArc {
  readonly space: 'rnn';
  readonly nodes: readonly RnnNode[];
}

export type RnnSpace = SearchSpace<RnnArc, RnnSpaceConfig>;

/** The `prev` of node 0, which has no previous-node token. */
const NO_PREV = -1;

function rnnSlots(numNodes: number, numActivations: number): TokenSlot[] {
  const activation = (where: string): TokenSlot => ({
    choices: numActivations,
    code: 'ARC_BAD_ACTIVATION',
    where,
    rule: (v) => `activation ${v} must be < ${numActivations} (numActivations)`,
    // Every rnn node has its weight matrix; the identity activation (2) is the degenerate choice.
    parameterFree: (v) => v === 2,
  });
  const slots = [activation('rnn node 0')];
  for (let k = 1; k < numNodes; k++) {
    const where = `rnn node ${k}`;
    slots.push(
      {
        choices: k,
        code: 'ARC_BAD_INDEX',
        where,
        rule: (v) => `previous-node index ${v} must be < ${k} (an earlier node)`,
      },
      activation(where),
    );
  }
  return slots;
}

export function createRnnSpace(config: RnnSpaceConfig): RnnSpace {
  const cfg = parseSpaceConfig(rnnSpaceSchema, config, 'rnn');
  const { numNodes, numActivations } = cfg;
  return defineSpace<RnnArc, RnnSpaceConfig>({
    config: cfg,
    slots: rnnSlots(numNodes, numActivations),
    lengthRule: `numNodes=${numNodes}`,
    fromTokens: (tokens) => ({
      space: 'rnn',
      nodes: Array.from({ length: numNodes }, (_, k) =>
        k === 0
          ? { prev: NO_PREV, activation: tokens[0]! }
          : { prev: tokens[2 * k - 1]!, activation: tokens[2 * k]! },
      ),
    }),
    toTokens: (arc) => {
      if (arc.nodes.length !== numNodes) {
        throw new EnasError(
          'ARC_BAD_LENGTH',
          `rnn arc with numNodes=${numNodes} needs ${numNodes} nodes, got ${arc.nodes.length}`,
        );
      }
      return arc.nodes.flatMap((node, k) => {
        if (k > 0) return [node.prev, node.activation];
        if (node.prev !== NO_PREV) {
          throw new EnasError(
            'ARC_BAD_INDEX',
            `rnn node 0 reads x_t and h_{t-1}: its prev must be ${NO_PREV}, got ${node.prev}`,
          );
        }
        return [node.activation];
      });
    },
    // Each token picks another input or activation for a node with its own weights: tokens are canonical.
    canonicalTokens: (tokens) => [...tokens],
  });
}
