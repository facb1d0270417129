/**
 * A search on a tabular benchmark: a strategy proposes architectures, the table scores them
 * ({@link createTabularEvaluator}), and the strategy learns in its own phase rhythm (`samplesPerUpdate`
 * scored samples per update; random search never updates). The reward the strategy sees is the drawn
 * seed's accuracy as a fraction in [0, 1], as ENAS's rewards are. After every query the incumbent is the
 * architecture with the best reward seen so far (the first of equal ones), and the regret is the optimum's
 * mean accuracy minus the incumbent's mean accuracy, in percentage points.
 *
 * Under a cost objective (shared/config/objective.ts) the strategy's reward is the objective's (accuracy as a
 * fraction, penalised by or capped on the cell's cost from `costs`), and the incumbent is the architecture
 * with the best such reward. The optimum and the regret are then the objective's too, in percentage points:
 * under a budget the best mean accuracy of the cells within it (an incumbent over the budget scores 0); under
 * a weighted objective the best of mean accuracy − 100·β·cost / largest cost. A search is measured against
 * the best it could have found under its own objective, not against a cell its objective ruled out.
 */
import type { HiddenTrace } from '../controller/sampling-sink';
import type { Objective } from '../../shared/config/objective';
import type { CostModel } from '../spaces/arch-cost';
import { objectiveReward } from '../search/objective-reward';
import { tableCostModel } from './table-cost';
import type { Nb201Space } from '../spaces/nb201-space';
import type { Strategy } from '../strategy/strategy';
import type { RewardedSample } from '../strategy/strategy';
import { meanAccuracies, nb201CellOps } from './nb201-table';
import type { Nb201Table } from './nb201-table';
import { createTabularEvaluator } from './tabular-evaluator';
import type { TabularScore } from './tabular-evaluator';

export interface TabularQuery extends TabularScore {
  /** 1-based query number. */
  readonly query: number;
  readonly tokens: readonly number[];
  /** Mean accuracy (%) of the incumbent after this query. */
  readonly incumbentAccuracy: number;
  /** Optimum's mean accuracy minus the incumbent's, in percentage points (a cost objective's own value, above). */
  readonly regret: number;
  /** Controller strategies: the controller's hidden state at each decision of this query's architecture. */
  readonly hidden?: HiddenTrace;
  /** What the strategy was told: the objective's reward (the drawn accuracy as a fraction under `accuracy`). */
  readonly reward: number;
  /** Parameters and multiply-adds of the cell in NAS-Bench-201's network. */
  readonly params: number;
  readonly flops: number;
}

export interface TabularSearchOptions {
  readonly space: Nb201Space;
  readonly table: Nb201Table;
  readonly strategy: Strategy;
  /** Queries (table lookups) in all. */
  readonly samples: number;
  /** Seed of the evaluator's seed draws. */
  readonly evaluatorSeed: number;
  /** Called after every query (e.g. to record it). */
  readonly onQuery?: (query: TabularQuery) => void;
  /** What the reward maximises; default accuracy. */
  readonly objective?: Objective;
  /** The cells' costs; default the benchmark's CIFAR-10 network. */
  readonly costs?: CostModel;
}

export interface TabularSearchResult {
  /** The best value the objective can reach on the table (mean accuracy in % under `accuracy`). */
  readonly optimum: number;
  /** One entry per query, in order. */
  readonly queries: readonly TabularQuery[];
}

export function runTabularSearch(options: TabularSearchOptions): TabularSearchResult {
  const { space, table, strategy, samples } = options;
  const objective = options.objective ?? { kind: 'accuracy' };
  const costs = options.costs ?? tableCostModel('nb201-cifar10');
  // A cell's value under the objective, in percentage points; under `accuracy` its mean accuracy itself.
  const valueOf = (meanAccuracy: number, tokens: readonly number[]): number =>
    objective.kind === 'accuracy' ? meanAccuracy : 100 * objectiveReward(objective, meanAccuracy / 100, costs.cost(tokens), costs.largest);
  const optimum = objectiveOptimum(table, valueOf);
  const evaluator = createTabularEvaluator(table, options.evaluatorSeed);
  const perUpdate = Math.max(1, strategy.phase.samplesPerUpdate);
  const learns = strategy.phase.updates > 0;
  const queries: TabularQuery[] = [];
  let bestReward = -Infinity;
  let incumbentAccuracy = NaN;
  let incumbentValue = NaN;
  while (queries.length < samples) {
    const batch: RewardedSample[] = [];
    for (let i = 0; i < perUpdate && queries.length < samples; i++) {
      const sample = strategy.sample();
      // The space validates what a strategy proposes before it is looked up.
      const tokens = space.encode(space.decode(sample.tokens));
      const score = evaluator.evaluate(tokens);
      const cost = costs.cost(tokens);
      const reward = objectiveReward(objective, score.accuracy / 100, cost, costs.largest);
      if (reward > bestReward) {
        bestReward = reward;
        incumbentAccuracy = score.meanAccuracy;
        incumbentValue = valueOf(score.meanAccuracy, tokens);
      }
      const query: TabularQuery = {
        ...score,
        query: queries.length + 1,
        tokens,
        incumbentAccuracy,
        regret: optimum - incumbentValue,
        ...(sample.hidden === undefined ? {} : { hidden: sample.hidden }),
        reward,
        params: cost.params,
        flops: cost.flops,
      };
      queries.push(query);
      options.onQuery?.(query);
      batch.push({ ...sample, reward });
    }
    if (learns) strategy.update(batch);
  }
  return { optimum, queries };
}

/** The best objective value over every cell with a recorded run (the table's optimum under `accuracy`). */
function objectiveOptimum(table: Nb201Table, valueOf: (meanAccuracy: number, tokens: readonly number[]) => number): number {
  const means = meanAccuracies(table);
  let best = -Infinity;
  means.forEach((mean, cell) => {
    if (!Number.isNaN(mean)) best = Math.max(best, valueOf(mean, nb201CellOps(cell)));
  });
  return best;
}
