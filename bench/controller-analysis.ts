/**
 * The reference the controller analysis needs (issue 18): the correlation of an UNTRAINED controller. The
 * hidden state at a decision is a function of the tokens chosen before it (each choice is fed back), so two
 * architectures that share a prefix share the states along it, and hidden-state and arc-Hamming distances
 * correlate before any learning. This samples `--samples` architectures per seed from the nb201 enas
 * controller (tabular-strategies.ts) at its initial weights, in windows of TABULAR_ANALYSIS_WINDOW as the
 * tabular search groups them, and prints the analysis's mean correlation per seed and its mean ± std
 * over seeds: the level a trained controller's correlation compares against (docs/controller-analysis.md).
 *
 *   npx tsx bench/controller-analysis.ts [--seeds 10] [--samples 300]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { analyseController } from '../src/core/analysis/controller-analysis';
import { NB201_ENAS_CONTROLLER } from '../src/core/benchmark/tabular-strategies';
import { tabularWindowOf } from '../src/core/benchmark/tabular-traces';
import { createNb201Space } from '../src/core/spaces/nb201-space';
import { createStrategy } from '../src/core/strategy/create-strategy';
import { strategyConfigSchema } from '../src/shared/config/strategy';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '10' }, samples: { type: 'string', default: '300' } } });
const seeds = Number(values.seeds);
const samples = Number(values.samples);

await tf.setBackend('cpu');
const space = createNb201Space();
const config = strategyConfigSchema.parse({ strategy: 'enas', controller: NB201_ENAS_CONTROLLER });
const perSeed: number[] = [];
for (let seed = 0; seed < seeds; seed++) {
  const strategy = createStrategy(config, space, seed);
  const archs = Array.from({ length: samples }, (_, i) => {
    const { tokens, hidden } = strategy.sample();
    if (hidden === undefined) throw new Error('the enas strategy reported no hidden state');
    return { epoch: tabularWindowOf(i + 1), tokens, hidden };
  });
  strategy.dispose();
  const r = analyseController(archs).meanCorrelation;
  if (r === null) throw new Error(`seed ${seed}: no correlation (too few samples?)`);
  perSeed.push(r);
  console.log(`seed ${seed}: r ${r.toFixed(3)}`);
}
const mean = perSeed.reduce((a, b) => a + b, 0) / perSeed.length;
const std = Math.sqrt(perSeed.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, perSeed.length - 1));
console.log(`untrained nb201 controller, ${seeds} seeds × ${samples} samples: r ${mean.toFixed(3)} ± ${std.toFixed(3)} (load ${loadavg()[0]?.toFixed(1)})`);
