/**
 * Parameters and multiply-adds of a micro architecture's fixed network (core/child/micro/micro-fixed.ts, the
 * official micro_child.py `_fixed_layer`), at the run's child config and image shape:
 * - stem: 3×3 conv → BN to 3·outFilters channels;
 * - numLayers + 2 cells, reduction cells (channels doubled) at ⌊L/3⌋ and 2⌊L/3⌋ + 1 unless
 *   `reductionLayers` says otherwise (core/child/micro/micro-layout.ts); per cell: the calibration of its two
 *   inputs (a factorized reduction of the first when it is twice the size of the second, else a 1×1 conv
 *   where the channels differ), the ReLU → 1×1 conv → BN base of the second, each node's two ops (sep3x3 /
 *   sep5x5: two ReLU → separable conv → BN stacks, the first strided on a cell input of a reduction cell;
 *   identity on such an input: a factorized reduction; pools: nothing), and in a reduction cell a factorized
 *   reduction of each unread cell input; the output concatenates the loose ends (loose · C channels);
 * - head: global average pool → dense without bias.
 * src/core/child/fixed-cost.test.ts checks the parameter count against the tfjs network itself.
 */
import type { MicroSpaceConfig } from '../../shared/config/space';
import type { MicroChildConfig } from '../../shared/config/child';
import {
  addCosts,
  convBnCost,
  denseCost,
  factorizedReductionCost,
  halve,
  sepConvBnCost,
} from './cost-blocks';
import type { ArchCost, CostInput, Extent } from './cost-blocks';
import type { MicroArc, MicroCell } from './micro-space';

export interface MicroCostContext {
  readonly space: MicroSpaceConfig;
  readonly child: MicroChildConfig;
  readonly input: CostInput;
}

interface Shape extends Extent {
  readonly channels: number;
}

/** Kernel size of the separable ops 0 (sep3x3) and 1 (sep5x5). */
const SEP_KERNEL = [3, 5] as const;

/** Which of the numLayers + 2 cells reduce: the rule of micro-layout.ts `microReductionCells`. */
function reductionCells(child: MicroChildConfig): boolean[] {
  const numCells = child.numLayers + 2;
  const distance = Math.floor(child.numLayers / 3);
  const layers = child.reductionLayers ?? [distance, 2 * distance + 1];
  return Array.from({ length: numCells }, (_, c) => layers.includes(c));
}

/** Graph nodes (the two cell inputs included) that no node reads: the cell output's parts. */
function looseEnds(cell: MicroCell): number[] {
  const read = new Set(cell.nodes.flatMap((node) => [...node.inputs]));
  return Array.from({ length: cell.nodes.length + 2 }, (_, i) => i).filter((i) => !read.has(i));
}

function cellCost(cell: MicroCell, reduction: boolean, inputs: readonly [Shape, Shape], c: number): ArchCost {
  const [a, b] = inputs;
  const parts: ArchCost[] = [];
  if (a.height !== b.height) parts.push(factorizedReductionCost(a.channels, c, a));
  else if (a.channels !== c) parts.push(convBnCost(1, a.channels, c, a));
  if (b.channels !== c) parts.push(convBnCost(1, b.channels, c, b));
  parts.push(convBnCost(1, c, c, b));
  const out: Extent = reduction ? halve(b) : b;
  for (const node of cell.nodes) {
    node.inputs.forEach((from, branch) => {
      const op = node.ops[branch] ?? 0;
      const strided = reduction && from < 2;
      if (op === 0 || op === 1) {
        const size = SEP_KERNEL[op];
        parts.push(sepConvBnCost(size, c, c, out), sepConvBnCost(size, c, c, out));
      } else if (op === 4 && strided) {
        parts.push(factorizedReductionCost(c, c, b));
      }
    });
  }
  if (reduction) {
    const unreadInputs = looseEnds(cell).filter((i) => i < 2).length;
    for (let i = 0; i < unreadInputs; i++) parts.push(factorizedReductionCost(c, c, b));
  }
  return addCosts(...parts);
}

export function microCost(arc: MicroArc, { child, input }: MicroCostContext): ArchCost {
  let c = child.outFilters;
  const stem: Shape = { height: input.height, width: input.width, channels: 3 * c };
  let total = convBnCost(3, input.channels, 3 * c, stem);
  let previous: [Shape, Shape] = [stem, stem];
  for (const reduction of reductionCells(child)) {
    if (reduction) c *= 2;
    const cell = reduction ? arc.reduction : arc.normal;
    total = addCosts(total, cellCost(cell, reduction, previous, c));
    const last = previous[1];
    const extent = reduction ? halve(last) : last;
    previous = [last, { ...extent, channels: looseEnds(cell).length * c }];
  }
  return addCosts(total, denseCost(previous[1].channels, input.numClasses, false));
}

/**
 * The costliest micro architecture for the config, the scale a weighted reward divides by: every op the
 * heaviest separable conv the space offers, and every node reading cell input 1 only, so that input 0 and
 * all nodes are loose ends and each cell's output (and with it the next cells' calibrations and the head)
 * is as wide as it can be. fixed-cost.test.ts checks it against random architectures.
 */
export function largestMicroArc(space: MicroSpaceConfig): MicroArc {
  const op = space.numBranches >= 2 ? 1 : 0;
  const cell: MicroCell = {
    nodes: Array.from({ length: space.numNodes }, () => ({ inputs: [1, 1] as const, ops: [op, op] as const })),
  };
  return { space: 'micro', normal: cell, reduction: cell };
}
