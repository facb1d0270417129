/**
 * The micro (cell) space of ENAS (Pham et al., 2018, §2.4): a normal cell and a reduction cell, each a DAG
 * of B = numNodes + 2 nodes. Nodes 0 and 1 are the cell's inputs (the outputs of the two previous cells);
 * searched node k (k = 0..numNodes−1) is graph node k + 2: it picks two inputs among the earlier graph
 * nodes 0..k+1 and one op for each (0 sep3x3, 1 sep5x5, 2 avg3x3, 3 max3x3, 4 identity: MICRO_OPS), and
 * sums the two results. The graph nodes no node reads (an unread cell input included) are concatenated
 * as the cell's output.
 *
 * Official arc (melodyguan/enas, src/cifar10/micro_child.py: `x_id = arc[4 * cell_id]`, `x_op`, `y_id`,
 * `y_op`): per searched node `index_1 op_1 index_2 op_2`, the normal cell's 4·numNodes tokens, then the
 * reduction cell's. Both inputs may name the same node, as in the official final arc's "0 2 0 0".
 */
import { EnasError } from '../../shared/errors';
import { microSpaceSchema } from '../../shared/config/space';
import type { MicroSpaceConfig } from '../../shared/config/space';
import type { TokenSlot } from './arc-tokens';
import { defineSpace } from './define-space';
import { parseSpaceConfig } from './parse-space-config';
import type { SearchSpace } from './search-space';

export interface MicroNode {
  /** The graph nodes read by the two branches: 0 and 1 are the cell inputs, k+1 the latest for node k+2. */
  readonly inputs: readonly [number, number];
  /** Index into MICRO_OPS of each branch, < numBranches. */
  readonly ops: readonly [number, number];
}

export interface MicroCell {
  /** The searched nodes in order; `nodes[k]` is graph node k + 2. */
  readonly nodes: readonly MicroNode[];
}

export interface MicroArc {
  readonly space: 'micro';
  readonly normal: MicroCell;
  readonly reduction: MicroCell;
}

export type MicroSpace = SearchSpace<MicroArc, MicroSpaceConfig>;

const CELLS = ['normal', 'reduction'] as const;

function microSlots(numNodes: number, numBranches: number): TokenSlot[] {
  return CELLS.flatMap((cell) =>
    Array.from({ length: numNodes }, (_, k): TokenSlot[] => {
      const node = k + 2;
      const where = `micro ${cell} cell, node ${node}`;
      const index: TokenSlot = {
        choices: node,
        code: 'ARC_BAD_INDEX',
        where,
        rule: (v) => `input index ${v} must be < ${node} (a cell input 0, 1 or an earlier node)`,
      };
      const op: TokenSlot = {
        choices: numBranches,
        code: 'ARC_BAD_OP',
        where,
        rule: (v) => `op ${v} must be < ${numBranches} (numBranches)`,
        // MICRO_OPS: 0 sep3x3, 1 sep5x5 have weights; 2 avg3x3, 3 max3x3, 4 identity have none.
        parameterFree: (v) => v >= 2,
      };
      return [index, op, index, op];
    }).flat(),
  );
}

function cellFromTokens(tokens: readonly number[], offset: number, numNodes: number): MicroCell {
  return {
    nodes: Array.from({ length: numNodes }, (_, k) => {
      const p = offset + 4 * k;
      return { inputs: [tokens[p]!, tokens[p + 2]!], ops: [tokens[p + 1]!, tokens[p + 3]!] };
    }),
  };
}

function cellToTokens(cell: MicroCell, name: string, numNodes: number): number[] {
  if (cell.nodes.length !== numNodes) {
    throw new EnasError(
      'ARC_BAD_LENGTH',
      `micro ${name} cell with numNodes=${numNodes} needs ${numNodes} nodes, got ${cell.nodes.length}`,
    );
  }
  return cell.nodes.flatMap((node) => [node.inputs[0], node.ops[0], node.inputs[1], node.ops[1]]);
}

export function createMicroSpace(config: MicroSpaceConfig): MicroSpace {
  const cfg = parseSpaceConfig(microSpaceSchema, config, 'micro');
  const { numNodes, numBranches } = cfg;
  return defineSpace<MicroArc, MicroSpaceConfig>({
    config: cfg,
    slots: microSlots(numNodes, numBranches),
    lengthRule: `numNodes=${numNodes}`,
    fromTokens: (tokens) => ({
      space: 'micro',
      normal: cellFromTokens(tokens, 0, numNodes),
      reduction: cellFromTokens(tokens, 4 * numNodes, numNodes),
    }),
    toTokens: (arc) => [
      ...cellToTokens(arc.normal, 'normal', numNodes),
      ...cellToTokens(arc.reduction, 'reduction', numNodes),
    ],
    // Same architecture = same network up to the order of each node's two summands: a node computes
    // op_1(input_1) + op_2(input_2), and a sum does not depend on the order of its terms, so the two
    // (index, op) pairs of each node are put in ascending order. Nothing else is merged: cells that are
    // isomorphic under a renumbering of their nodes keep different ids (the controller samples them as
    // different decisions, and finding the isomorphism is not worth it for de-duplicating samples).
    canonicalTokens: (tokens) => {
      const out = [...tokens];
      for (let p = 0; p + 3 < out.length; p += 4) {
        const [i1, o1, i2, o2] = [out[p]!, out[p + 1]!, out[p + 2]!, out[p + 3]!];
        if (i2 < i1 || (i2 === i1 && o2 < o1)) out.splice(p, 4, i2, o2, i1, o1);
      }
      return out;
    },
  });
}
