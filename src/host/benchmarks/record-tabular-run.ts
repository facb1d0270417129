/**
 * Stores one tabular search as an ordinary, completed run, so the run list, the run view (reward history,
 * sample table, cell diagram) and the exports show it like any other. Per query: a sample (seq = query − 1,
 * step = query) whose reward is the drawn seed's accuracy as a fraction, as the strategy saw it, and whose
 * validScore is the cell's true (mean) accuracy, also as a fraction; per query the metric series
 * `tabular/regret` (percentage points below the table's optimum) and `tabular/incumbent_accuracy` (%); for a
 * controller strategy, per query the controller's hidden states (controller_traces, the controller analysis).
 * The run has no dataset row (a table is not a dataset) and its config records the table and strategy.
 * Each sample also stores the cell's cost in NAS-Bench-201's network (params, flops); under a cost objective
 * the reward is the objective's and the config records the objective and the classifier size costed.
 */
import type { Objective } from '../../shared/config/objective';
import { NB201_CIFAR10_INPUT, NB201_NETWORK } from '../../core/spaces/arch-cost';
import { tableClasses } from '../../core/benchmark/table-cost';
import type { TabularQuery } from '../../core/benchmark/tabular-search';
import { tabularWindowOf } from '../../core/benchmark/tabular-traces';
import type { Nb201Space } from '../../core/spaces/nb201-space';
import type { StrategyConfig } from '../../shared/config/strategy';
import type { RunRecord } from '../../shared/run';
import type { Store } from '../../store/store';

export interface TabularRunInput {
  readonly name: string;
  /** The benchmark table's name, e.g. nb201-cifar10. */
  readonly table: string;
  readonly strategy: string;
  readonly strategyConfig: StrategyConfig;
  readonly seed: number;
  readonly evaluatorSeed: number;
  readonly optimum: number;
  readonly queries: readonly TabularQuery[];
  /** What the rewards maximised; default accuracy. */
  readonly objective?: Objective;
}

/** An accuracy in % as a fraction, to 1e-10 (well below any table's precision). */
function roundFraction(percent: number): number {
  return Math.round(percent * 1e8) / 1e10;
}

/** Writes the run and its samples and metrics; returns the completed run. */
export function recordTabularRun(store: Store, space: Nb201Space, input: TabularRunInput): RunRecord {
  const objective = input.objective ?? { kind: 'accuracy' };
  const run = store.runs.create({
    name: input.name,
    tags: ['tabular'],
    space: 'nb201',
    strategy: input.strategy,
    preset: 'tabular',
    datasetId: null,
    config: {
      evaluator: 'table',
      table: input.table,
      space: { space: 'nb201' },
      strategy: input.strategyConfig,
      samples: input.queries.length,
      seed: input.seed,
      evaluatorSeed: input.evaluatorSeed,
      optimum: input.optimum,
      objective,
      costNetwork: { ...NB201_NETWORK, input: { ...NB201_CIFAR10_INPUT, numClasses: tableClasses(input.table) } },
    },
    seed: input.seed,
    backend: input.strategyConfig.strategy === 'enas' || input.strategyConfig.strategy === 'enas-memory' ? 'cpu' : 'none',
    versions: {},
  });
  store.runs.setStatus(run.id, 'running');
  store.writeBatch({
    samples: input.queries.map((q) => {
      const arc = space.decode(q.tokens);
      return {
        runId: run.id,
        seq: q.query - 1,
        step: q.query,
        arc: space.format(arc),
        archId: space.archId(arc),
        // Rounded to the table's precision: 88.448 / 100 is 0.8844799999… in binary.
        reward: objective.kind === 'accuracy' ? roundFraction(q.accuracy) : Math.round(q.reward * 1e10) / 1e10,
        baseline: null,
        logProb: null,
        entropy: null,
        validScore: roundFraction(q.meanAccuracy),
        paramCount: null,
        params: q.params,
        flops: q.flops,
        latencyMs: null,
        status: 'ok' as const,
        failure: null,
      };
    }),
    metrics: input.queries.flatMap((q) => [
      { runId: run.id, series: 'tabular/regret', step: q.query, value: q.regret },
      { runId: run.id, series: 'tabular/incumbent_accuracy', step: q.query, value: q.incumbentAccuracy },
    ]),
    // A controller strategy's hidden states, one row per query, grouped in windows of queries for the analysis.
    traces: input.queries.flatMap((q) =>
      q.hidden === undefined
        ? []
        : [{ runId: run.id, seq: q.query - 1, epoch: tabularWindowOf(q.query), tokens: q.tokens, width: q.hidden.width, hidden: q.hidden.values }],
    ),
  });
  return store.runs.setStatus(run.id, 'completed');
}
