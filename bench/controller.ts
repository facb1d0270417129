/**
 * Controller speed: milliseconds per sampled architecture and per REINFORCE update (numAggregate samples,
 * teacher-forced in one batch) for each search space at its default size and the default controller
 * config, on the tfjs `cpu` and `wasm` backends set up as the trainer sets them up. Also checks on each
 * backend that the teacher-forced log-probability of a sample equals its sampling-time value.
 *
 *   npx tsx bench/controller.ts [--samples 20] [--updates 3] [--backends cpu,wasm]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { controllerConfigSchema } from '../src/shared/config/controller';
import { spaceConfigSchema } from '../src/shared/config/space';
import { createController } from '../src/core/controller/controller';
import { createSearchSpace } from '../src/core/spaces/index';
import { selectBackend } from '../src/trainer/backends/select-backend';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '20' },
    updates: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'cpu,wasm' },
  },
});
const sampleCount = Number(values.samples);
const updateCount = Number(values.updates);
const backends = values.backends.split(',');

interface Row {
  backend: string;
  space: string;
  arcLength: number;
  'ms/sample': string;
  'ms/update': string;
  samplesPerUpdate: number;
  'max |Δ logProb|': string;
}

const config = controllerConfigSchema.parse({});
const rows: Row[] = [];
for (const backend of backends) {
  // The trainer's own backend set-up: tfjs gradients, and for wasm the project's training kernels.
  await selectBackend({ forced: backend });
  for (const name of ['macro', 'micro', 'rnn'] as const) {
    const space = createSearchSpace(spaceConfigSchema.parse({ space: name }));
    const controller = createController(space, config, 1);
    const batch = () =>
      Array.from({ length: config.numAggregate }, (_, i) => {
        const { tokens, entropy, logProb } = controller.sample();
        return { tokens, entropy, logProb, reward: i / config.numAggregate };
      });
    // Warm-up: first calls compile kernels and allocate.
    controller.update(batch());

    let t0 = performance.now();
    for (let i = 0; i < sampleCount; i++) controller.sample();
    const perSample = (performance.now() - t0) / sampleCount;

    const batches = Array.from({ length: updateCount }, batch);
    t0 = performance.now();
    for (const b of batches) controller.update(b);
    const perUpdate = (performance.now() - t0) / updateCount;

    const check = batch();
    const forced = controller.logProb(check.map((c) => c.tokens));
    const delta = Math.max(...check.map((c, i) => Math.abs(c.logProb - (forced[i] ?? NaN))));
    rows.push({
      backend,
      space: `${name} (default)`,
      arcLength: space.arcLength,
      'ms/sample': perSample.toFixed(1),
      'ms/update': perUpdate.toFixed(0),
      samplesPerUpdate: config.numAggregate,
      'max |Δ logProb|': delta.toExponential(1),
    });
    controller.dispose();
  }
}
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`lstmSize ${config.lstmSize}, ${sampleCount} samples and ${updateCount} updates timed per cell; load average ${load}`);
console.table(rows);
