/**
 * The controller analysis on the NAS-Bench-201 tables (issue 18, docs/controller-analysis.md).
 *
 * Part 1, the reference level: the correlation of an UNTRAINED controller. The hidden state at a decision is a
 * function of the tokens chosen before it (each choice is fed back), so two architectures that share a prefix
 * share the states along it, and hidden-state and arc-Hamming distances correlate before any learning. This
 * samples `--samples` architectures per seed from the nb201 enas controller (tabular-strategies.ts) at its
 * initial weights, in windows of TABULAR_ANALYSIS_WINDOW queries as the tabular search groups them.
 *
 * Part 2 (`--trained`), the trajectory: for enas and enas-memory on each table of `--tables`, the tabular
 * search of `--samples` queries per seed, and the correlation of each window, mean ± std over seeds (the
 * tabular search itself prints only each seed's mean over its windows).
 *
 *   npx tsx bench/controller-analysis.ts [--seeds 10] [--samples 300] [--trained] [--tables nb201-cifar10,nb201-cifar100]
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { analyseController } from '../src/core/analysis/controller-analysis';
import type { TracedArchitecture } from '../src/core/analysis/controller-analysis';
import { evaluatorSeedFor } from '../src/core/benchmark/regret-summary';
import { runTabularSearch } from '../src/core/benchmark/tabular-search';
import { NB201_ENAS_CONTROLLER, tabularStrategyConfig } from '../src/core/benchmark/tabular-strategies';
import { tabularTraces, tabularWindowOf } from '../src/core/benchmark/tabular-traces';
import { createNb201Space } from '../src/core/spaces/nb201-space';
import { createStrategy } from '../src/core/strategy/create-strategy';
import { loadBenchmark } from '../src/host/benchmarks/benchmark-files';
import { strategyConfigSchema } from '../src/shared/config/strategy';
import { registerTfjsGradients } from '../src/trainer/backends/register-tfjs-gradients';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    samples: { type: 'string', default: '300' },
    trained: { type: 'boolean', default: false },
    tables: { type: 'string', default: 'nb201-cifar10,nb201-cifar100' },
  },
});
const seeds = Number(values.seeds);
const samples = Number(values.samples);

function meanStd(xs: readonly number[]): string {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return `${mean.toFixed(3)} ± ${std.toFixed(3)}`;
}

function correlations(archs: readonly TracedArchitecture[]): number[] {
  return analyseController(archs).epochs.map((e) => {
    if (e.correlation === null) throw new Error(`window ${e.epoch}: no correlation (too few samples?)`);
    return e.correlation;
  });
}

await registerTfjsGradients();
await tf.setBackend('cpu');
const space = createNb201Space();

const untrained = strategyConfigSchema.parse({ strategy: 'enas', controller: NB201_ENAS_CONTROLLER });
const perSeed: number[] = [];
for (let seed = 0; seed < seeds; seed++) {
  const strategy = createStrategy(untrained, space, seed);
  const archs = Array.from({ length: samples }, (_, i) => {
    const { tokens, hidden } = strategy.sample();
    if (hidden === undefined) throw new Error('the enas strategy reported no hidden state');
    return { epoch: tabularWindowOf(i + 1), tokens, hidden };
  });
  strategy.dispose();
  const rs = correlations(archs);
  perSeed.push(rs.reduce((a, b) => a + b, 0) / rs.length);
}
console.log(`untrained nb201 controller, ${seeds} seeds × ${samples} samples: r ${meanStd(perSeed)}`);

if (values.trained) {
  const shipped = fileURLToPath(new URL('../resources/benchmarks', import.meta.url));
  for (const name of values.tables.split(',')) {
    const table = await loadBenchmark(name, { shipped, imported: shipped });
    for (const strategyName of ['enas', 'enas-memory'] as const) {
      const byWindow: number[][] = [];
      for (let seed = 0; seed < seeds; seed++) {
        const strategy = createStrategy(tabularStrategyConfig(strategyName), space, seed);
        const result = runTabularSearch({ space, table, strategy, samples, evaluatorSeed: evaluatorSeedFor(seed) });
        strategy.dispose();
        correlations(tabularTraces(result.queries)).forEach((r, w) => (byWindow[w] ??= []).push(r));
      }
      console.log(`${name} ${strategyName}: r per window of queries: ${byWindow.map(meanStd).join(' | ')}`);
    }
  }
}
console.log(`load ${loadavg()[0]?.toFixed(1)}`);
