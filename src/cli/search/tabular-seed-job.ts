/**
 * One worker thread's share of a tabular search: the seeds it runs and everything it needs to run them, as
 * plain data (the table itself travels, so a worker reads no file), and the checks both sides of the thread
 * boundary apply: the worker checks the job it was given, the CLI checks the outcomes it gets back, and each
 * names what was wrong. {@link runSeedJob} is the whole of a worker's work, also callable in this thread.
 */
import { tableCostModel } from '../../core/benchmark/table-cost';
import { NB201_CELLS } from '../../core/benchmark/nb201-table';
import type { Nb201Table } from '../../core/benchmark/nb201-table';
import { searchSeeds } from '../../core/benchmark/regret-summary';
import type { SeedOutcome } from '../../core/benchmark/regret-summary';
import type { TabularSearchResult } from '../../core/benchmark/tabular-search';
import { tabularStrategyConfig } from '../../core/benchmark/tabular-strategies';
import { createNb201Space } from '../../core/spaces/nb201-space';
import { createStrategy } from '../../core/strategy/create-strategy';
import { objectiveSchema } from '../../shared/config/objective';
import type { Objective } from '../../shared/config/objective';
import { EnasError } from '../../shared/errors';
import { TABULAR_STRATEGIES } from './tabular-options';
import type { TabularStrategyName } from './tabular-options';

export interface SeedJob {
  /** The table's name (its cost model: the number of classes) and the table. */
  readonly dataset: string;
  readonly table: Nb201Table;
  readonly strategy: TabularStrategyName;
  readonly samples: number;
  readonly checkpoints: readonly number[];
  readonly objective: Objective;
  readonly seeds: readonly number[];
  /** Send back each seed's whole search (every query), for `--save`; otherwise only the outcomes. */
  readonly keepResults: boolean;
}

export interface SeedJobResult {
  readonly outcomes: readonly SeedOutcome[];
  /** Per seed, in `seeds` order, when the job kept them; else empty. */
  readonly results: readonly TabularSearchResult[];
}

function bad(what: string): EnasError {
  return new EnasError('INTERNAL', `tabular search worker: ${what}`);
}

const isCount = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min;

/** Throws naming the first thing wrong with a job as it arrived in a worker. */
export function checkSeedJob(job: unknown): SeedJob {
  if (typeof job !== 'object' || job === null) throw bad('the job is not an object');
  const j = job as Record<string, unknown>;
  if (typeof j.dataset !== 'string' || j.dataset === '') throw bad('dataset must be a table name');
  const table = j.table as Partial<Nb201Table> | undefined;
  if (table === undefined || !isCount(table.seedSlots, 1) || !(table.values instanceof Float64Array) || table.values.length !== NB201_CELLS * table.seedSlots) {
    throw bad(`table must hold ${NB201_CELLS} cells × seedSlots accuracies as a Float64Array`);
  }
  if (!(TABULAR_STRATEGIES as readonly unknown[]).includes(j.strategy)) throw bad(`strategy must be one of ${TABULAR_STRATEGIES.join(', ')}`);
  if (!isCount(j.samples, 1)) throw bad('samples must be a positive integer');
  const samples = j.samples;
  if (!Array.isArray(j.checkpoints) || !j.checkpoints.every((n) => isCount(n, 1) && n <= samples)) throw bad(`checkpoints must be query counts from 1 to ${samples}`);
  if (!Array.isArray(j.seeds) || j.seeds.length === 0 || !j.seeds.every((s) => isCount(s, 0))) throw bad('seeds must be a non-empty list of seeds');
  const objective = objectiveSchema.safeParse(j.objective);
  if (!objective.success) throw bad(`objective: ${objective.error.issues[0]?.message ?? 'invalid'}`);
  if (typeof j.keepResults !== 'boolean') throw bad('keepResults must be true or false');
  return { ...(j as unknown as SeedJob), objective: objective.data };
}

/** Throws naming the first thing wrong with what a worker sent back for `job`. */
export function checkSeedJobResult(result: unknown, job: SeedJob): SeedJobResult {
  const where = `the result for seeds ${job.seeds.join(', ')}`;
  if (typeof result !== 'object' || result === null) throw bad(`${where} is not an object`);
  const { outcomes, results } = result as Partial<SeedJobResult>;
  if (!Array.isArray(outcomes) || outcomes.length !== job.seeds.length) throw bad(`${where} must hold ${job.seeds.length} outcomes`);
  const finite = (xs: unknown): boolean => Array.isArray(xs) && xs.length === job.checkpoints.length && xs.every(Number.isFinite);
  outcomes.forEach((o: Partial<SeedOutcome>, i) => {
    if (o.seed !== job.seeds[i]) throw bad(`${where}: outcome ${i + 1} is for seed ${String(o.seed)}, expected ${job.seeds[i]}`);
    if (!Number.isFinite(o.optimum) || !finite(o.regrets) || !finite(o.bests)) throw bad(`${where}: seed ${o.seed} has a missing or non-finite value`);
    if (o.correlation !== null && !Number.isFinite(o.correlation)) throw bad(`${where}: seed ${o.seed} has a non-finite correlation`);
  });
  const wanted = job.keepResults ? job.seeds.length : 0;
  if (!Array.isArray(results) || results.length !== wanted || !results.every((r) => Array.isArray(r?.queries) && r.queries.length === job.samples)) {
    throw bad(`${where} must hold ${wanted} searches of ${job.samples} queries`);
  }
  return { outcomes, results };
}

/** Runs the job's seeds one after another. */
export function runSeedJob(job: SeedJob): SeedJobResult {
  const space = createNb201Space();
  const config = tabularStrategyConfig(job.strategy);
  const options = {
    space,
    table: job.table,
    makeStrategy: (seed: number) => createStrategy(config, space, seed),
    samples: job.samples,
    checkpoints: job.checkpoints,
    objective: job.objective,
    costs: tableCostModel(job.dataset),
  };
  return searchSeeds(options, job.seeds, job.keepResults);
}
