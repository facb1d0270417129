/**
 * `enas search --space nb201 --evaluator table`: search a NAS-Bench-201 table instead of training, repeated
 * over seeds, and report the regret curve: after n queries, the optimum's mean accuracy minus the mean
 * accuracy of the incumbent (the architecture with the best reward seen so far), averaged over seeds.
 * Runs in seconds, its seeds spread over worker threads (tabular-workers.ts); `--json` prints `{ strategy, seeds, optimum, regretAt, regretStdAt, correlation }`. With `--save`
 * each seed's search is also stored as a completed run (record-tabular-run.ts), shown in the run views.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatorSeedFor, regretCheckpoints, summariseOutcomes } from '../../core/benchmark/regret-summary';
import { tabularStrategyConfig } from '../../core/benchmark/tabular-strategies';
import { TABULAR_ANALYSIS_WINDOW } from '../../core/benchmark/tabular-traces';
import { controllerNeedsTfjs } from '../../core/controller/choose-controller';
import { createNb201Space } from '../../core/spaces/nb201-space';
import { workbenchPaths } from '../../host/data-paths';
import { loadBenchmark } from '../../host/benchmarks/benchmark-files';
import type { BenchmarkDirs } from '../../host/benchmarks/benchmark-files';
import { recordTabularRun } from '../../host/benchmarks/record-tabular-run';
import type { OpenedWorkbench } from '../../host/open-workbench';
import { openCliWorkbench } from '../cli-workbench';
import type { CliIo } from '../cli-io';
import { EXIT } from '../command';
import { parseTabularSearchOptions, TABULAR_SEARCH_USAGE } from './tabular-options';
import { runSeedJob } from './tabular-seed-job';
import type { SeedJob } from './tabular-seed-job';
import { defaultTabularWorkers, runSeedsInWorkers } from './tabular-workers';

const REPO_BENCHMARKS = fileURLToPath(new URL('../../../resources/benchmarks', import.meta.url));

/** The shipped tables (ENAS_BENCHMARKS_DIR overrides) and the imported ones beside the database. */
export function benchmarkDirs(io: CliIo, db: string | undefined): BenchmarkDirs {
  const value = io.env.ENAS_BENCHMARKS_DIR;
  const shipped = value === undefined || value === '' ? REPO_BENCHMARKS : isAbsolute(value) ? value : resolve(value);
  return { shipped, imported: join(workbenchPaths(db, io).dataDir, 'benchmarks') };
}

/**
 * A controller configuration the plain controller does not cover (choose-controller.ts) needs tfjs with a
 * backend and its gradients; the shipped nb201 settings do not. wasm first: measured idle on the 2-core
 * machine, 10 seeds × 1,000 queries of enas took 61.2 s on tfjs's pure-JS cpu backend (its batchMatMul alone a
 * quarter of the time) and 2 seeds 7.7 s on wasm against 16.1 s on cpu. cpu only where wasm cannot start.
 */
async function prepareTfjs(io: CliIo): Promise<void> {
  const { selectBackend } = await import('../../trainer/backends/select-backend');
  try {
    await selectBackend({ forced: 'wasm' });
  } catch (err) {
    io.stderr(`wasm backend unavailable (${err instanceof Error ? err.message : String(err)}); the controller runs on tfjs's cpu backend\n`);
    await selectBackend({ forced: 'cpu' });
  }
}

export async function runTabularSearch(args: readonly string[], io: CliIo, summary: string): Promise<number> {
  const options = parseTabularSearchOptions(args);
  if (options.help) {
    io.stdout(`${summary}\nusage: ${TABULAR_SEARCH_USAGE}\n`);
    return EXIT.ok;
  }
  const table = await loadBenchmark(options.dataset, benchmarkDirs(io, options.db));
  const space = createNb201Space();
  const config = tabularStrategyConfig(options.strategy);
  const needsTfjs = (config.strategy === 'enas' || config.strategy === 'enas-memory') && controllerNeedsTfjs(space, config.controller);
  if (needsTfjs) await prepareTfjs(io);
  const checkpoints = regretCheckpoints(options.samples);
  const job: SeedJob = {
    dataset: options.dataset,
    table,
    strategy: options.strategy,
    samples: options.samples,
    checkpoints,
    objective: options.objective,
    seeds: Array.from({ length: options.seeds }, (_, i) => options.firstSeed + i),
    keepResults: options.save,
  };
  // A tfjs controller would need its backend set up in every worker: it stays in this thread.
  const workers = needsTfjs ? 1 : (options.workers ?? defaultTabularWorkers(options.strategy, options.seeds, options.samples));
  const opened: OpenedWorkbench | null = options.save ? await openCliWorkbench(io, options.db, 'write') : null;
  const started = performance.now();
  let result;
  try {
    const { outcomes, results } = workers > 1 ? await runSeedsInWorkers(job, workers) : runSeedJob(job);
    results.forEach((search, i) => {
      if (opened === null) return;
      const seed = job.seeds[i]!;
      const run = recordTabularRun(opened.store, space, {
        name: `nb201 ${options.strategy} on ${options.dataset} seed ${seed}`,
        table: options.dataset,
        strategy: options.strategy,
        strategyConfig: config,
        seed,
        evaluatorSeed: evaluatorSeedFor(seed),
        optimum: search.optimum,
        queries: search.queries,
        objective: options.objective,
      });
      io.stderr(`run ${run.id}: ${run.name} (${search.queries.length} queries) stored\n`);
    });
    result = summariseOutcomes(outcomes, checkpoints);
  } finally {
    await opened?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    const { regretAt, regretStdAt, optimum, seeds, correlation } = result;
    io.stdout(`${JSON.stringify({ strategy: options.strategy, seeds, optimum, regretAt, regretStdAt, correlation }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout(
    `${options.strategy} on ${options.dataset}: ${options.seeds} seeds × ${options.samples} queries in ${seconds.toFixed(1)} s (${workers} worker thread${workers === 1 ? '' : 's'}); ` +
      (options.objective.kind === 'accuracy'
        ? `optimum ${result.optimum.toFixed(3)} %\n`
        : `optimum under the ${options.objective.kind} objective ${result.optimum.toFixed(3)} (percentage points; regret in the same terms)\n`),
  );
  for (const n of Object.keys(result.regretAt)) {
    io.stdout(
      `  after ${n.padStart(7)} queries: regret ${result.regretAt[n]!.toFixed(3)} ± ${result.regretStdAt[n]!.toFixed(3)} (std over seeds), best ${result.bestAt[n]!.toFixed(3)} %\n`,
    );
  }
  if (result.correlation !== null) {
    const { mean, std } = result.correlation;
    io.stdout(
      `  controller analysis: hidden-state vs arc-Hamming distance correlation ${mean.toFixed(3)} ± ${std.toFixed(3)} (std over seeds; per seed, the mean over windows of ${TABULAR_ANALYSIS_WINDOW} queries)\n`,
    );
  }
  return EXIT.ok;
}
