/**
 * Builds a {@link SearchSpace} from what makes a space particular: its token slots (one per arc position)
 * and the mapping between in-range tokens and its typed architecture. Decode, encode, parse, format,
 * archId, size and the uniform sampler then behave the same way in every space.
 */
import type { AnySpaceConfig } from '../../shared/config/space';
import type { Prng } from '../random/prng';
import { checkArcTokens, parseArcString } from './arc-tokens';
import type { TokenSlot } from './arc-tokens';
import { fnv1a64Hex } from './fnv1a';
import type { SearchSpace } from './search-space';

export interface SpaceDefinition<A, C extends AnySpaceConfig> {
  readonly config: C;
  readonly slots: readonly TokenSlot[];
  /** What fixes the arc length, for ARC_BAD_LENGTH messages, e.g. `numLayers=12`. */
  readonly lengthRule: string;
  /** The typed architecture of tokens already checked against `slots`. */
  fromTokens(tokens: readonly number[]): A;
  /**
   * The tokens of a typed architecture in arc order; checks only its shape (counts of layers / nodes),
   * since the ranges are checked against `slots` afterwards.
   */
  toTokens(arc: A): number[];
  /** The tokens of the one representative of the architecture's equivalence class (see archId). */
  canonicalTokens(tokens: readonly number[]): number[];
}

export function defineSpace<A, C extends AnySpaceConfig>(def: SpaceDefinition<A, C>): SearchSpace<A, C> {
  const { config, slots, lengthRule } = def;
  const name: C['space'] = config.space;
  const tokenChoices = Object.freeze(slots.map((slot) => slot.choices));
  const decode = (tokens: readonly number[]): A => def.fromTokens(checkArcTokens(name, tokens, slots, lengthRule));
  const encode = (arc: A): number[] => checkArcTokens(name, def.toTokens(arc), slots, lengthRule);
  return {
    name,
    config,
    arcLength: slots.length,
    tokenChoices,
    decode,
    encode,
    parse: (arcString) => decode(parseArcString(name, arcString)),
    format: (arc) => encode(arc).join(' '),
    // The space name keeps equal token strings of different spaces apart; the arc length (and so L or N)
    // is part of the hashed string, so ids of different sizes of one space differ too.
    archId: (arc) => `${name}-${fnv1a64Hex(def.canonicalTokens(encode(arc)).join(' '))}`,
    // Every in-range sequence is a distinct valid arc, so the count is the product of the options.
    size: () => tokenChoices.reduce((acc, n) => acc * BigInt(n), 1n),
    sampleUniform: (prng: Prng) => def.fromTokens(tokenChoices.map((n) => prng.int(n))),
    parameterFreeOps: (tokens) => {
      let ops = 0;
      let parameterFree = 0;
      slots.forEach((slot, p) => {
        if (slot.parameterFree === undefined) return;
        ops += 1;
        if (slot.parameterFree(tokens[p] ?? 0)) parameterFree += 1;
      });
      return { ops, parameterFree };
    },
    parameterFreeOptions: (position) => {
      const slot = slots[position];
      const isFree = slot?.parameterFree;
      if (isFree === undefined) return null;
      return Array.from({ length: tokenChoices[position] ?? 0 }, (_, option) => isFree(option));
    },
  };
}
