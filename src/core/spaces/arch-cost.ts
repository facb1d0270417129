/**
 * The cost of a sampled architecture in any space: parameters and multiply-adds of the fixed network that
 * would retrain it (cost-blocks.ts says what is counted). One formula per space, each beside its space
 * (micro-cost.ts, macro-cost.ts, rnn-cost.ts, nb201-cost.ts), registered in SPACE_COSTS below: a new space
 * adds its entry there and the compiler refuses a space without one.
 */
import type { AnySpaceName } from '../../shared/config/space';
import type { ArchCost } from './cost-blocks';
import { createMacroSpace } from './macro-space';
import { largestMacroArc, macroCost } from './macro-cost';
import type { MacroCostContext } from './macro-cost';
import { createMicroSpace } from './micro-space';
import { largestMicroArc, microCost } from './micro-cost';
import type { MicroCostContext } from './micro-cost';
import { createNb201Space } from './nb201-space';
import { largestNb201Arc, nb201Cost } from './nb201-cost';
import type { Nb201CostContext } from './nb201-cost';
import { createRnnSpace } from './rnn-space';
import { largestRnnArc, rnnCost } from './rnn-cost';
import type { RnnCostContext } from './rnn-cost';
import type { SearchSpace } from './search-space';

export type { ArchCost, CostInput } from './cost-blocks';
export { NB201_CIFAR10_INPUT, NB201_NETWORK } from './nb201-cost';
export type { MacroCostContext, MicroCostContext, Nb201CostContext, RnnCostContext };

/** What a space's cost depends on besides the arc: its config, the child config, the data's shape. */
export type CostContext = MicroCostContext | MacroCostContext | RnnCostContext | Nb201CostContext;

export interface CostModel {
  /** Cost of the architecture with these tokens; throws the space's ARC_* error for an invalid arc. */
  cost(tokens: readonly number[]): ArchCost;
  /**
   * Cost of the costliest architecture of the space for this context (field by field): the scale of a
   * normalised cost (weighted reward) and the cost coordinate of the hypervolume's reference point.
   */
  readonly largest: ArchCost;
  /** The tokens of that costliest architecture (a latency objective measures it). */
  readonly largestTokens: readonly number[];
}

function bind<A>(space: SearchSpace<A>, costOf: (arc: A) => ArchCost, largest: A): CostModel {
  return { cost: (tokens) => costOf(space.decode(tokens)), largest: costOf(largest), largestTokens: space.encode(largest) };
}

type ContextOf<K extends AnySpaceName> = Extract<CostContext, { readonly space: { readonly space: K } }>;

const SPACE_COSTS: { readonly [K in AnySpaceName]: (ctx: ContextOf<K>) => CostModel } = {
  micro: (ctx) => bind(createMicroSpace(ctx.space), (arc) => microCost(arc, ctx), largestMicroArc(ctx.space)),
  macro: (ctx) => bind(createMacroSpace(ctx.space), (arc) => macroCost(arc, ctx), largestMacroArc(ctx.space)),
  rnn: (ctx) => bind(createRnnSpace(ctx.space), (arc) => rnnCost(arc, ctx), largestRnnArc(ctx.space)),
  nb201: (ctx) => bind(createNb201Space(ctx.space), (arc) => nb201Cost(arc, ctx), largestNb201Arc()),
};

export function createCostModel(ctx: CostContext): CostModel {
  const create = SPACE_COSTS[ctx.space.space] as (ctx: CostContext) => CostModel;
  return create(ctx);
}
