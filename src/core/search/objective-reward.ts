/**
 * The reward a strategy learns from under a search objective (shared/config/objective.ts): the evaluator's
 * reward (accuracy, or rewardC / perplexity), penalised by or capped on the sampled architecture's cost.
 * The same function serves the supernet search loop and the tabular evaluator, so both mean the same thing
 * by `weighted` and `budget`.
 */
import type { Objective } from '../../shared/config/objective';
import type { ArchCost } from '../spaces/arch-cost';

/**
 * @param reward what the evaluator measured (a failed child's 0 stays 0).
 * @param cost the sampled architecture's cost.
 * @param largest the cost of the space's costliest architecture for the run's config (CostModel.largest).
 */
export function objectiveReward(objective: Objective, reward: number, cost: ArchCost, largest: ArchCost): number {
  switch (objective.kind) {
    case 'accuracy':
      return reward;
    case 'weighted':
      return reward - (objective.beta * cost[objective.cost]) / largest[objective.cost];
    case 'budget':
      return cost[objective.cost] > objective.limit ? 0 : reward;
  }
}
