/**
 * A search on a tabular benchmark: a strategy proposes architectures, the table scores them
 * ({@link createTabularEvaluator}), and the strategy learns in its own phase rhythm (`samplesPerUpdate`
 * scored samples per update; random search never updates). The reward the strategy sees is the drawn
 * seed's accuracy as a fraction in [0, 1], as ENAS's rewards are. After every query the incumbent is the
 * architecture with the best reward seen so far (the first of equal ones), and the regret is the optimum's
 * mean accuracy minus the incumbent's mean accuracy, in percentage points.
 */
import type { HiddenTrace } from '../controller/sampling-sink';
import type { Nb201Space } from '../spaces/nb201-space';
import type { Strategy } from '../strategy/strategy';
import type { RewardedSample } from '../strategy/strategy';
import { tableOptimum } from './nb201-table';
import type { Nb201Table } from './nb201-table';
import { createTabularEvaluator } from './tabular-evaluator';
import type { TabularScore } from './tabular-evaluator';

export interface TabularQuery extends TabularScore {
  /** 1-based query number. */
  readonly query: number;
  readonly tokens: readonly number[];
  /** Mean accuracy (%) of the incumbent after this query. */
  readonly incumbentAccuracy: number;
  /** Optimum's mean accuracy minus the incumbent's, in percentage points. */
  readonly regret: number;
  /** Controller strategies: the controller's hidden state at each decision of this query's architecture. */
  readonly hidden?: HiddenTrace;
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
}

export interface TabularSearchResult {
  readonly optimum: number;
  /** One entry per query, in order. */
  readonly queries: readonly TabularQuery[];
}

export function runTabularSearch(options: TabularSearchOptions): TabularSearchResult {
  const { space, table, strategy, samples } = options;
  const optimum = tableOptimum(table).mean;
  const evaluator = createTabularEvaluator(table, options.evaluatorSeed);
  const perUpdate = Math.max(1, strategy.phase.samplesPerUpdate);
  const learns = strategy.phase.updates > 0;
  const queries: TabularQuery[] = [];
  let bestReward = -Infinity;
  let incumbentAccuracy = NaN;
  while (queries.length < samples) {
    const batch: RewardedSample[] = [];
    for (let i = 0; i < perUpdate && queries.length < samples; i++) {
      const sample = strategy.sample();
      // The space validates what a strategy proposes before it is looked up.
      const tokens = space.encode(space.decode(sample.tokens));
      const score = evaluator.evaluate(tokens);
      if (score.accuracy > bestReward) {
        bestReward = score.accuracy;
        incumbentAccuracy = score.meanAccuracy;
      }
      const query: TabularQuery = {
        ...score,
        query: queries.length + 1,
        tokens,
        incumbentAccuracy,
        regret: optimum - incumbentAccuracy,
        ...(sample.hidden === undefined ? {} : { hidden: sample.hidden }),
      };
      queries.push(query);
      options.onQuery?.(query);
      batch.push({ ...sample, reward: score.accuracy / 100 });
    }
    if (learns) strategy.update(batch);
  }
  return { optimum, queries };
}
