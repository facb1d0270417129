/**
 * The reward a strategy learns from under a search objective (shared/config/objective.ts): the evaluator's
 * reward (accuracy, or rewardC / perplexity), penalised by or capped on the sampled architecture's cost.
 * The same function serves the supernet search loop and the tabular evaluator, so both mean the same thing
 * by `weighted` and `budget`.
 */
import type { Objective } from '../../shared/config/objective';
import { EnasError } from '../../shared/errors';
import type { ArchCost } from '../spaces/arch-cost';

/** An architecture's costs as an objective reads them: the counted ones, and its latency where measured (ms). */
export interface ObjectiveCost extends ArchCost {
  readonly latency?: number | null;
}

function measure(objective: Extract<Objective, { cost: unknown }>, cost: ObjectiveCost, which: string): number {
  const value = cost[objective.cost];
  if (value === undefined || value === null || !Number.isFinite(value)) {
    throw new EnasError('INTERNAL', `a ${objective.kind} objective on ${objective.cost} needs the ${which} architecture's ${objective.cost}, which was not measured`);
  }
  return value;
}

/**
 * @param reward what the evaluator measured (a failed child's 0 stays 0).
 * @param cost the sampled architecture's cost (with its latency when the objective is on latency).
 * @param largest the cost of the space's costliest architecture for the run's config (CostModel.largest; its
 *   latency, measured, for a weighted objective on latency).
 */
export function objectiveReward(objective: Objective, reward: number, cost: ObjectiveCost, largest: ObjectiveCost): number {
  switch (objective.kind) {
    case 'accuracy':
      return reward;
    case 'weighted':
      return reward - (objective.beta * measure(objective, cost, 'sampled')) / measure(objective, largest, 'costliest');
    case 'budget':
      return measure(objective, cost, 'sampled') > objective.limit ? 0 : reward;
  }
}
