/**
 * The three ENAS search spaces and the NAS-Bench-201 cell space behind one factory. `createSearchSpace(config)` validates the config
 * (SPACE_BAD_CONFIG) and returns the space whose `name` matches `config.space`, so narrowing on
 * `space.name` narrows its architecture type too.
 */
import { EnasError } from '../../shared/errors';
import type {
  AnySpaceConfig,
  MacroSpaceConfig,
  MicroSpaceConfig,
  Nb201SpaceConfig,
  RnnSpaceConfig,
  SpaceConfig,
} from '../../shared/config/space';
import { createMacroSpace } from './macro-space';
import type { MacroArc, MacroSpace } from './macro-space';
import { createMicroSpace } from './micro-space';
import type { MicroArc, MicroSpace } from './micro-space';
import { createNb201Space } from './nb201-space';
import type { Nb201Arc, Nb201Space } from './nb201-space';
import { createRnnSpace } from './rnn-space';
import type { RnnArc, RnnSpace } from './rnn-space';

export type { SearchSpace } from './search-space';
export type { MacroArc, MacroLayer, MacroSpace } from './macro-space';
export type { MicroArc, MicroCell, MicroNode, MicroSpace } from './micro-space';
export type { RnnArc, RnnNode, RnnSpace } from './rnn-space';
export type { Nb201Arc, Nb201Space } from './nb201-space';
export { paperSearchSpaceSize } from './paper-size';
export { describeArc } from './describe-arc';

/** A search space of any kind; `name` tells which. */
export type AnySearchSpace = MacroSpace | MicroSpace | RnnSpace | Nb201Space;
/** An architecture of any space; `space` tells which. */
export type Arc = MacroArc | MicroArc | RnnArc | Nb201Arc;

export function createSearchSpace(config: MacroSpaceConfig): MacroSpace;
export function createSearchSpace(config: MicroSpaceConfig): MicroSpace;
export function createSearchSpace(config: RnnSpaceConfig): RnnSpace;
export function createSearchSpace(config: Nb201SpaceConfig): Nb201Space;
export function createSearchSpace(config: SpaceConfig): AnySearchSpace;
export function createSearchSpace(config: AnySpaceConfig): AnySearchSpace;
export function createSearchSpace(config: AnySpaceConfig): AnySearchSpace {
  // `config` is typed, but one read from JSON may name no known space (or be null): say so.
  switch (config?.space) {
    case 'macro':
      return createMacroSpace(config);
    case 'micro':
      return createMicroSpace(config);
    case 'rnn':
      return createRnnSpace(config);
    case 'nb201':
      return createNb201Space(config);
  }
  const space: unknown = (config as { space?: unknown } | null)?.space;
  throw new EnasError(
    'SPACE_BAD_CONFIG',
    `search space config: space must be "macro", "micro", "rnn" or "nb201", got ${JSON.stringify(space) ?? 'undefined'}`,
  );
}
