/**
 * Which parts of an NAS-Bench-201 cell carry signal. An edge whose op is `none` outputs zeros, so a node can
 * be zero whatever the input (every edge into it reads a zero node or is `none`), and a node can feed nothing
 * that reaches the cell output. Only the edges on a path from the cell input to its output affect the loss:
 * those are the ones a training step may update. The benchmark still counts the weights of every op the cell
 * names (its `InferCell` builds a module per edge), so parameter counts cover all of them.
 */
import { NB201_OPS } from '../../../shared/config/space';
import { EnasError } from '../../../shared/errors';
import type { Nb201Arc } from '../../spaces';
import { NB201_EDGES } from '../../spaces/nb201-space';

/** Op indices of NB201_OPS. */
export const NB201_OP = { none: 0, skip: 1, conv1x1: 2, conv3x3: 3, avgPool: 4 } as const;

/** Kernel size of the ops with weights (nor_conv_1x1, nor_conv_3x3: ReLU → conv → BN). */
export const NB201_CONV_KERNEL: Readonly<Record<number, 1 | 3>> = { [NB201_OP.conv1x1]: 1, [NB201_OP.conv3x3]: 3 };

/** The number of nodes of a cell (node 0 its input, node 3 its output). */
export const NB201_NODES = 4;

export interface Nb201Liveness {
  /** Per edge of NB201_EDGES: on a path from the cell input to the cell output through ops other than `none`. */
  readonly liveEdges: readonly boolean[];
  /** The cell output is zero for every input: no path from node 0 to node 3 avoids `none`. */
  readonly outputIsZero: boolean;
}

export function nb201Liveness(ops: readonly number[]): Nb201Liveness {
  const carries = (e: number): boolean => ops[e] !== NB201_OP.none;
  const nonZero = [true, false, false, false];
  for (let to = 1; to < NB201_NODES; to++) {
    nonZero[to] = NB201_EDGES.some(([t, from], e) => t === to && carries(e) && nonZero[from] === true);
  }
  const reachesOutput = [false, false, false, true];
  for (let from = NB201_NODES - 2; from >= 0; from--) {
    reachesOutput[from] = NB201_EDGES.some(([to, f], e) => f === from && carries(e) && reachesOutput[to] === true);
  }
  return {
    liveEdges: NB201_EDGES.map(([to, from], e) => carries(e) && nonZero[from] === true && reachesOutput[to] === true),
    outputIsZero: nonZero[NB201_NODES - 1] !== true,
  };
}

/** Check that `arc` has one op index in [0, 5) per edge. */
export function checkNb201Arc(arc: Nb201Arc): void {
  if (arc.ops.length !== NB201_EDGES.length) {
    throw new EnasError('ARC_BAD_LENGTH', `nb201 arc has ${arc.ops.length} ops, the cell ${NB201_EDGES.length} edges`);
  }
  arc.ops.forEach((op, e) => {
    if (!Number.isInteger(op) || op < 0 || op >= NB201_OPS.length) {
      const [to, from] = NB201_EDGES[e] ?? [];
      throw new EnasError('ARC_BAD_OP', `nb201 edge ${to}←${from}: op ${op} is not in [0, ${NB201_OPS.length})`);
    }
  });
}

/** A stable name for the edge `e` of NB201_EDGES, the official `node_str` ("2<-1"). */
export function edgeName(e: number): string {
  const [to, from] = NB201_EDGES[e] ?? [];
  return `edge${to}<-${from}`;
}

/**
 * Two residual reduction blocks halve the feature map twice; their 2×2 average pool (the shortcut) and their
 * stride-2 convolution agree on the output size only on even sides.
 */
export function checkNb201Input(input: { height: number; width: number }): void {
  if (input.height % 4 !== 0 || input.width % 4 !== 0) {
    throw new EnasError(
      'CHILD_BAD_CONFIG',
      `the nb201 network halves the image twice and needs height and width divisible by 4, got ${input.height}×${input.width}`,
    );
  }
}
