/**
 * The static layout of a macro network (official general_child.py): where the feature maps are halved,
 * which stage each layer runs at, and which earlier nodes a layer reads.
 *
 * Graph nodes: node 0 is the stem, node i ≥ 1 the output of layer i − 1. Layer k reads node k (the previous
 * layer, or the stem for layer 0) and, for each skip bit j = 1, node j. This is how the official code reads
 * the skip bits: `_enas_layer`/`_fixed_layer` index `prev_layers[j]` where prev_layers starts with the stem,
 * so bit j of layer k connects the stem (j = 0) or layer j − 1, never layer k − 1, which is the input anyway.
 * After each pool layer p, every node computed so far is halved by a factorized reduction of its own.
 */
import { EnasError } from '../../../shared/errors';
import type { MacroArc } from '../../spaces';

export interface MacroLayout {
  readonly numLayers: number;
  /** Layers after which every feature map is halved, ascending. */
  readonly poolLayers: readonly number[];
}

/** The layout of `numLayers` layers; pools after the official ⌊L/3⌋ − 1 and 2⌊L/3⌋ − 1 unless given. */
export function macroLayout(
  numLayers: number,
  poolLayers: readonly number[] | null,
  input: { height: number; width: number },
): MacroLayout {
  const distance = Math.floor(numLayers / 3);
  const pools = poolLayers ?? (distance >= 1 ? [distance - 1, 2 * distance - 1] : []);
  pools.forEach((layer, k) => {
    if (!Number.isInteger(layer) || layer < 0 || layer >= numLayers || (k > 0 && layer <= (pools[k - 1] ?? -1))) {
      throw new EnasError(
        'CHILD_BAD_CONFIG',
        `macro poolLayers must be ascending layer indices in [0, ${numLayers}), got [${pools.join(', ')}]`,
      );
    }
  });
  const factor = 2 ** pools.length;
  if (input.height % factor !== 0 || input.width % factor !== 0) {
    throw new EnasError(
      'CHILD_BAD_CONFIG',
      `macro network with ${pools.length} poolings needs image height and width divisible by ${factor}, ` +
        `got ${input.height}×${input.width}`,
    );
  }
  return { numLayers, poolLayers: pools };
}

/** Number of poolings before layer k runs (k = numLayers: before the classifier head). */
export function stageOfLayer(layout: MacroLayout, k: number): number {
  return layout.poolLayers.filter((p) => p < k).length;
}

/** The stage at which graph node i is computed: the stem at 0, node i at the stage of layer i − 1. */
export function nativeStage(layout: MacroLayout, node: number): number {
  return node === 0 ? 0 : stageOfLayer(layout, node - 1);
}

/** Every (node, stage) pair the child `arc` reads: layer inputs, skip sources and the head's input. */
export function macroReads(layout: MacroLayout, arc: MacroArc): { node: number; stage: number }[] {
  const reads: { node: number; stage: number }[] = [];
  arc.layers.forEach((layer, k) => {
    const stage = stageOfLayer(layout, k);
    reads.push({ node: k, stage });
    layer.skips.forEach((bit, j) => {
      if (bit === 1) reads.push({ node: j, stage });
    });
  });
  reads.push({ node: layout.numLayers, stage: stageOfLayer(layout, layout.numLayers) });
  return reads;
}

/** Check that `arc` fits a network of `numLayers` layers and `numBranches` ops. */
export function checkMacroArc(arc: MacroArc, numLayers: number, numBranches: number): void {
  if (arc.layers.length !== numLayers) {
    throw new EnasError('ARC_BAD_LENGTH', `macro arc has ${arc.layers.length} layers, the network ${numLayers}`);
  }
  arc.layers.forEach((layer, k) => {
    if (!Number.isInteger(layer.op) || layer.op < 0 || layer.op >= numBranches) {
      throw new EnasError('ARC_BAD_OP', `macro layer ${k}: op ${layer.op} is not in [0, ${numBranches})`);
    }
    if (layer.skips.length !== k || layer.skips.some((bit) => bit !== 0 && bit !== 1)) {
      throw new EnasError(
        'ARC_BAD_SKIP',
        `macro layer ${k}: needs ${k} skip bits of 0 or 1, got [${layer.skips.join(', ')}]`,
      );
    }
  });
}
