/**
 * Repeats a tabular search over seeds firstSeed … firstSeed + seeds − 1 and summarises the regret curve: at each checkpoint n
 * (10, 100, 1000, … up to the query budget, and the budget itself) the regret after n queries, averaged
 * over seeds, with its standard deviation (n − 1 in the denominator). Seed i fixes the strategy's stream
 * (and the controller's initial weights) and, through a separate derived seed, the evaluator's seed draws.
 */
import { analyseController } from '../analysis/controller-analysis';
import type { Objective } from '../../shared/config/objective';
import type { CostModel } from '../spaces/arch-cost';
import type { Nb201Space } from '../spaces/nb201-space';
import type { Strategy } from '../strategy/strategy';
import type { Nb201Table } from './nb201-table';
import { runTabularSearch } from './tabular-search';
import type { TabularSearchResult } from './tabular-search';
import { tabularTraces } from './tabular-traces';

export interface RegretSummary {
  readonly seeds: number;
  readonly optimum: number;
  /** Mean regret (percentage points) after n queries, keyed by n. */
  readonly regretAt: Record<string, number>;
  readonly regretStdAt: Record<string, number>;
  /** Mean over seeds of the incumbent's mean accuracy (%) after n queries. */
  readonly bestAt: Record<string, number>;
  /**
   * Controller strategies: each seed's controller-analysis correlation (hidden-state vs arc-Hamming distance,
   * averaged over its windows of queries), and their mean and standard deviation over seeds. Null for
   * strategies without a controller.
   */
  readonly correlation: { readonly mean: number; readonly std: number; readonly perSeed: readonly (number | null)[] } | null;
}

/** 10, 100, 1000, … below the budget, then the budget. */
export function regretCheckpoints(samples: number): number[] {
  const out: number[] = [];
  for (let n = 10; n < samples; n *= 10) out.push(n);
  out.push(samples);
  return out;
}

/** The evaluator's seed for strategy seed i: a different stream from the strategy's. */
export function evaluatorSeedFor(seed: number): number {
  return (seed + 0x9e3779b9) >>> 0;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

/** What a seed's search needs besides the seed. */
export interface SeedSearchOptions {
  readonly space: Nb201Space;
  readonly table: Nb201Table;
  readonly makeStrategy: (seed: number) => Strategy;
  readonly samples: number;
  /** Query counts at which the regret is read; default {@link regretCheckpoints}. */
  readonly checkpoints: readonly number[];
  readonly objective?: Objective;
  readonly costs?: CostModel;
}

/** What one seed's search contributes to a summary: plain numbers, so a worker thread can send it back. */
export interface SeedOutcome {
  readonly seed: number;
  readonly optimum: number;
  /** Regret and incumbent mean accuracy after each checkpoint's number of queries. */
  readonly regrets: readonly number[];
  readonly bests: readonly number[];
  /** Controller strategies: the controller-analysis correlation of this seed's search; null otherwise. */
  readonly correlation: number | null;
}

/** One seed's whole search and its outcome. */
export function searchSeed(options: SeedSearchOptions, seed: number): { outcome: SeedOutcome; result: TabularSearchResult } {
  const strategy = options.makeStrategy(seed);
  try {
    const result = runTabularSearch({
      space: options.space,
      table: options.table,
      strategy,
      samples: options.samples,
      ...(options.objective === undefined ? {} : { objective: options.objective }),
      ...(options.costs === undefined ? {} : { costs: options.costs }),
      evaluatorSeed: evaluatorSeedFor(seed),
    });
    const traces = tabularTraces(result.queries);
    const at = (n: number) => {
      const q = result.queries[n - 1];
      if (q === undefined) throw new RangeError(`checkpoint ${n} is beyond the ${options.samples} queries`);
      return q;
    };
    return {
      outcome: {
        seed,
        optimum: result.optimum,
        regrets: options.checkpoints.map((n) => at(n).regret),
        bests: options.checkpoints.map((n) => at(n).incumbentAccuracy),
        correlation: traces.length > 0 ? analyseController(traces).meanCorrelation : null,
      },
      result,
    };
  } finally {
    strategy.dispose();
  }
}

/** The summary of seeds' outcomes (in seed order), read at `checkpoints`. */
export function summariseOutcomes(outcomes: readonly SeedOutcome[], checkpoints: readonly number[]): RegretSummary {
  const keyed = (f: (i: number) => number) => Object.fromEntries(checkpoints.map((n, i) => [String(n), f(i)]));
  const column = (pick: (o: SeedOutcome) => readonly number[], i: number) => outcomes.map((o) => pick(o)[i]!);
  return {
    seeds: outcomes.length,
    optimum: outcomes[0]?.optimum ?? NaN,
    regretAt: keyed((i) => meanStd(column((o) => o.regrets, i)).mean),
    regretStdAt: keyed((i) => meanStd(column((o) => o.regrets, i)).std),
    bestAt: keyed((i) => meanStd(column((o) => o.bests, i)).mean),
    correlation: correlationSummary(outcomes.map((o) => o.correlation)),
  };
}

/** Each seed's search in turn: its outcome, and its whole search too when `keepResults` (to store it as a run). */
export function searchSeeds(
  options: SeedSearchOptions,
  seeds: readonly number[],
  keepResults: boolean,
): { outcomes: SeedOutcome[]; results: TabularSearchResult[] } {
  const outcomes: SeedOutcome[] = [];
  const results: TabularSearchResult[] = [];
  for (const seed of seeds) {
    const { outcome, result } = searchSeed(options, seed);
    outcomes.push(outcome);
    if (keepResults) results.push(result);
  }
  return { outcomes, results };
}

/** The summary of seeds firstSeed … firstSeed + seeds − 1, searched in this thread. */
export function summariseRegret(
  options: Omit<SeedSearchOptions, 'checkpoints'> & { seeds: number; firstSeed?: number; checkpoints?: readonly number[] },
): RegretSummary {
  const firstSeed = options.firstSeed ?? 0;
  const checkpoints = options.checkpoints ?? regretCheckpoints(options.samples);
  const seeds = Array.from({ length: options.seeds }, (_, i) => firstSeed + i);
  return summariseOutcomes(searchSeeds({ ...options, checkpoints }, seeds, false).outcomes, checkpoints);
}

function correlationSummary(perSeed: readonly (number | null)[]): RegretSummary['correlation'] {
  const known = perSeed.flatMap((r) => (r === null ? [] : [r]));
  if (known.length === 0) return null;
  return { ...meanStd(known), perSeed };
}
