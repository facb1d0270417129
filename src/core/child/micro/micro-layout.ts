/**
 * Where the reduction cells of a micro network go and what the arc must look like for it. The official
 * code (micro_child.py) builds numLayers + 2 cells, reduction cells at pool_distance = ⌊numLayers/3⌋ and
 * 2·pool_distance + 1, doubling the channels at each.
 */
import { EnasError } from '../../../shared/errors';
import type { MicroArc, MicroCell } from '../../spaces';

/** Height, width and channels of a feature map. */
export interface FeatureShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** `isReduction[c]` for each of the numLayers + 2 cells. */
export function microReductionCells(
  numLayers: number,
  reductionLayers: readonly number[] | null,
  input: { height: number; width: number },
): boolean[] {
  const numCells = numLayers + 2;
  const distance = Math.floor(numLayers / 3);
  const layers = reductionLayers ?? [distance, 2 * distance + 1];
  layers.forEach((cell, k) => {
    if (!Number.isInteger(cell) || cell < 0 || cell >= numCells || (k > 0 && cell <= (layers[k - 1] ?? -1))) {
      throw new EnasError(
        'CHILD_BAD_CONFIG',
        `micro reductionLayers must be ascending cell indices in [0, ${numCells}), got [${layers.join(', ')}]`,
      );
    }
  });
  const factor = 2 ** layers.length;
  if (input.height % factor !== 0 || input.width % factor !== 0) {
    throw new EnasError(
      'CHILD_BAD_CONFIG',
      `micro network with ${layers.length} reduction cells needs image height and width divisible by ${factor}, ` +
        `got ${input.height}×${input.width}`,
    );
  }
  const isReduction = new Array<boolean>(numCells).fill(false);
  for (const cell of layers) isReduction[cell] = true;
  return isReduction;
}

/** Check that `arc` fits a network with `numNodes` nodes per cell and `numBranches` ops. */
export function checkMicroArc(arc: MicroArc, numNodes: number, numBranches: number): void {
  for (const [name, cell] of [
    ['normal', arc.normal],
    ['reduction', arc.reduction],
  ] as const) {
    if (cell.nodes.length !== numNodes) {
      throw new EnasError(
        'ARC_BAD_LENGTH',
        `micro ${name} cell has ${cell.nodes.length} nodes, the network ${numNodes}`,
      );
    }
    cell.nodes.forEach((node, k) => {
      node.inputs.forEach((input, s) => {
        if (!Number.isInteger(input) || input < 0 || input >= k + 2) {
          throw new EnasError(
            'ARC_BAD_INDEX',
            `micro ${name} cell node ${k + 2} input ${s}: ${input} is not in [0, ${k + 2})`,
          );
        }
      });
      node.ops.forEach((op, s) => {
        if (!Number.isInteger(op) || op < 0 || op >= numBranches) {
          throw new EnasError(
            'ARC_BAD_OP',
            `micro ${name} cell node ${k + 2} op ${s}: ${op} is not in [0, ${numBranches})`,
          );
        }
      });
    });
  }
}

/** The graph nodes (cell inputs 0, 1 included) that no node reads: concatenated into the cell output. */
export function looseEnds(cell: MicroCell): number[] {
  const read = new Set(cell.nodes.flatMap((node) => [...node.inputs]));
  return Array.from({ length: cell.nodes.length + 2 }, (_, i) => i).filter((i) => !read.has(i));
}
