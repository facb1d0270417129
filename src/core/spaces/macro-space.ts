/**
 * The macro space of ENAS (Pham et al., 2018, §2.3): a chain of L layers; layer i applies one of the
 * candidate ops (0 conv3x3, 1 sep3x3, 2 conv5x5, 3 sep5x5, 4 avg3x3, 5 max3x3, MACRO_OPS) to the output of
 * layer i−1 and may add skip connections from earlier outputs.
 *
 * Official arc (melodyguan/enas, src/cifar10/general_child.py with `controller_search_whole_channels`):
 * per layer i = 0..L−1 the op token, then i skip bits. Bit j = 1 adds `prev_layers[j]`, and the official
 * `prev_layers` starts with the stem: bit 0 is the stem's output, bit j ≥ 1 is layer j−1's output (so the
 * last layer's input, layer i−1, is never a skip). Layer 0 is one token, layer i is 1 + i tokens, and an arc
 * has L + L(L−1)/2 tokens.
 */
import { EnasError } from '../../shared/errors';
import { macroSpaceSchema } from '../../shared/config/space';
import type { MacroSpaceConfig } from '../../shared/config/space';
import type { TokenSlot } from './arc-tokens';
import { defineSpace } from './define-space';
import { parseSpaceConfig } from './parse-space-config';
import type { SearchSpace } from './search-space';

export interface MacroLayer {
  /** Index into MACRO_OPS, < numBranches. */
  readonly op: number;
  /**
   * i bits for layer i: bit j = 1 adds a skip connection from node j, where node 0 is the stem and node j ≥ 1
   * is layer j−1's output (the official `prev_layers` order).
   */
  readonly skips: readonly number[];
}

export interface MacroArc {
  readonly space: 'macro';
  readonly layers: readonly MacroLayer[];
}

export type MacroSpace = SearchSpace<MacroArc, MacroSpaceConfig>;

function macroSlots(numLayers: number, numBranches: number): TokenSlot[] {
  const slots: TokenSlot[] = [];
  for (let i = 0; i < numLayers; i++) {
    const where = `macro layer ${i}`;
    slots.push({
      choices: numBranches,
      code: 'ARC_BAD_OP',
      where,
      rule: (v) => `op ${v} must be < ${numBranches} (numBranches)`,
      // MACRO_OPS: 0–3 are convolutions; 4 avg3x3 and 5 max3x3 have no weights.
      parameterFree: (v) => v >= 4,
    });
    for (let j = 0; j < i; j++) {
      slots.push({
        choices: 2,
        code: 'ARC_BAD_SKIP',
        where,
        rule: (v) => `skip bit ${j} (from ${j === 0 ? 'the stem' : `layer ${j - 1}`}) must be 0 or 1, got ${v}`,
      });
    }
  }
  return slots;
}

export function createMacroSpace(config: MacroSpaceConfig): MacroSpace {
  const cfg = parseSpaceConfig(macroSpaceSchema, config, 'macro');
  const { numLayers, numBranches } = cfg;
  return defineSpace<MacroArc, MacroSpaceConfig>({
    config: cfg,
    slots: macroSlots(numLayers, numBranches),
    lengthRule: `numLayers=${numLayers}`,
    fromTokens: (tokens) => {
      const layers: MacroLayer[] = [];
      let p = 0;
      for (let i = 0; i < numLayers; i++) {
        layers.push({ op: tokens[p]!, skips: tokens.slice(p + 1, p + 1 + i) });
        p += 1 + i;
      }
      return { space: 'macro', layers };
    },
    toTokens: (arc) => {
      if (arc.layers.length !== numLayers) {
        throw new EnasError(
          'ARC_BAD_LENGTH',
          `macro arc with numLayers=${numLayers} needs ${numLayers} layers, got ${arc.layers.length}`,
        );
      }
      return arc.layers.flatMap((layer, i) => {
        if (layer.skips.length !== i) {
          throw new EnasError(
            'ARC_BAD_LENGTH',
            `macro layer ${i} needs ${i} skip bits (one per earlier node: the stem and layers 0..i−2), got ${layer.skips.length}`,
          );
        }
        return [layer.op, ...layer.skips];
      });
    },
    // Every token changes the network (another op, another set of skip inputs): the tokens are canonical.
    canonicalTokens: (tokens) => [...tokens],
  });
}
