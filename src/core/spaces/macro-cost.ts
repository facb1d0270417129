/**
 * Parameters and multiply-adds of a macro architecture's fixed network (core/child/macro/macro-network.ts
 * built `fixed`, the official general_child.py `_fixed_layer`, `whole_channels`), at the run's child config
 * and image shape:
 * - stem: 3×3 conv → BN to outFilters channels;
 * - layer k at stage s (s poolings before it; C·2^s channels, the image halved s times): its op (conv3x3 /
 *   conv5x5: ReLU → conv → BN; sep3x3 / sep5x5: ReLU → depthwise → pointwise → BN; pools: nothing), and from
 *   layer 1 on the ReLU → 1×1 conv → BN projection of [skip sources…, op output] back to C·2^s channels;
 * - after each pool layer, a factorized reduction (C·2^p → C·2^(p+1)) of each node that a later layer or the
 *   head reads at a later stage, once per (pool, node) (macro-layout.ts `macroReads`);
 * - head: global average pool → dense without bias.
 * src/core/child/fixed-cost.test.ts checks the parameter count against the tfjs network itself.
 */
import type { MacroSpaceConfig } from '../../shared/config/space';
import type { MacroChildConfig } from '../../shared/config/child';
import { addCosts, batchNormCost, convBnCost, convCost, denseCost, factorizedReductionCost, sepConvBnCost } from './cost-blocks';
import type { ArchCost, CostInput, Extent } from './cost-blocks';
import type { MacroArc } from './macro-space';

export interface MacroCostContext {
  readonly space: MacroSpaceConfig;
  readonly child: MacroChildConfig;
  readonly input: CostInput;
}

/** Pool layers: the official ⌊L/3⌋ − 1 and 2⌊L/3⌋ − 1 unless given (macro-layout.ts `macroLayout`). */
function poolLayers(numLayers: number, child: MacroChildConfig): readonly number[] {
  const distance = Math.floor(numLayers / 3);
  return child.poolLayers ?? (distance >= 1 ? [distance - 1, 2 * distance - 1] : []);
}

/** The op of a layer: MACRO_OPS 0 conv3x3, 1 sep3x3, 2 conv5x5, 3 sep5x5, 4 avg3x3, 5 max3x3. */
function opCost(op: number, c: number, at: Extent): ArchCost {
  if (op >= 4) return { params: 0, flops: 0 };
  const size = op < 2 ? 3 : 5;
  return op % 2 === 0 ? convBnCost(size, c, c, at) : sepConvBnCost(size, c, c, at);
}

export function macroCost(arc: MacroArc, { child, input }: MacroCostContext): ArchCost {
  const numLayers = arc.layers.length;
  const pools = poolLayers(numLayers, child);
  const stageOf = (k: number): number => pools.filter((p) => p < k).length;
  const nativeStage = (node: number): number => (node === 0 ? 0 : stageOf(node - 1));
  const channels = (stage: number): number => child.outFilters * 2 ** stage;
  const extent = (stage: number): Extent => ({
    height: Math.ceil(input.height / 2 ** stage),
    width: Math.ceil(input.width / 2 ** stage),
  });
  const parts: ArchCost[] = [convBnCost(3, input.channels, channels(0), extent(0))];
  const reads: { node: number; stage: number }[] = [];
  arc.layers.forEach((layer, k) => {
    const stage = stageOf(k);
    const c = channels(stage);
    parts.push(opCost(layer.op, c, extent(stage)));
    const sources = layer.skips.filter((bit) => bit === 1).length;
    if (k > 0) parts.push(convCost(1, (sources + 1) * c, c, extent(stage)), batchNormCost(c));
    reads.push({ node: k, stage });
    layer.skips.forEach((bit, j) => {
      if (bit === 1) reads.push({ node: j, stage });
    });
  });
  reads.push({ node: numLayers, stage: stageOf(numLayers) });
  const reduced = new Set<string>();
  for (const { node, stage } of reads) {
    for (let pool = nativeStage(node); pool < stage; pool++) {
      if (reduced.has(`${pool}/${node}`)) continue;
      reduced.add(`${pool}/${node}`);
      parts.push(factorizedReductionCost(channels(pool), channels(pool + 1), extent(pool)));
    }
  }
  parts.push(denseCost(channels(pools.length), input.numClasses, false));
  return addCosts(...parts);
}

/**
 * The costliest macro architecture for the config: every layer the heaviest op the space offers (conv5x5,
 * else conv3x3) and every skip connection on. A layer's op, its skips and the reductions they need add up
 * independently, so this is the exact maximum of both parameters and multiply-adds (for outFilters ≥ 4,
 * where a k×k convolution outweighs the separable ones).
 */
export function largestMacroArc(space: MacroSpaceConfig): MacroArc {
  const op = space.numBranches >= 3 ? 2 : 0;
  return {
    space: 'macro',
    layers: Array.from({ length: space.numLayers }, (_, k) => ({ op, skips: new Array<number>(k).fill(1) })),
  };
}
