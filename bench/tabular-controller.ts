/**
 * The controller of a tabular nb201 search, which is all such a search computes: milliseconds per sampled
 * architecture and per REINFORCE update (5 samples, the tabular settings of core/benchmark/tabular-strategies.ts)
 * for the plain controller (core/controller/js-controller.ts, what the search runs) and the tfjs controller on
 * its wasm and cpu backends, beside the PyTorch peer (bench/pytorch/nb201_controller.py) on 1 and 2 threads in
 * the same run; each row also gives what 10 seeds × 1,000 queries cost at that speed on one thread. With
 * `--cli`, the whole `enas search … --strategy enas --samples 1000 --seeds 10` is timed too, on one thread
 * and with the default worker threads (wall time including the CLI's start).
 *
 *   npx tsx bench/tabular-controller.ts [--samples 2000] [--updates 400] [--cli]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NB201_ENAS_CONTROLLER } from '../src/core/benchmark/tabular-strategies';
import { createController } from '../src/core/controller/controller';
import type { Controller } from '../src/core/controller/controller';
import { createJsController } from '../src/core/controller/js-controller';
import { createNb201Space } from '../src/core/spaces/nb201-space';
import { selectBackend } from '../src/trainer/backends/select-backend';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '2000' },
    updates: { type: 'string', default: '400' },
    cli: { type: 'boolean', default: false },
  },
});
const sampleCount = Number(values.samples);
const updateCount = Number(values.updates);
const PER_UPDATE = NB201_ENAS_CONTROLLER.numAggregate;
const space = createNb201Space();

interface Row {
  controller: string;
  'ms/sample': string;
  'ms/update': string;
  '10 × 1000 queries (s)': string;
}

function row(name: string, perSample: number, perUpdate: number): Row {
  const search = 10 * (1000 * perSample + (1000 / PER_UPDATE) * perUpdate);
  return { controller: name, 'ms/sample': perSample.toFixed(3), 'ms/update': perUpdate.toFixed(2), '10 × 1000 queries (s)': (search / 1000).toFixed(1) };
}

function time(name: string, controller: Controller): Row {
  const batch = () => Array.from({ length: PER_UPDATE }, (_, i) => ({ ...controller.sample(), reward: i / PER_UPDATE }));
  for (let i = 0; i < 20; i++) controller.update(batch());
  let t0 = performance.now();
  for (let i = 0; i < sampleCount; i++) controller.sample();
  const perSample = (performance.now() - t0) / sampleCount;
  // As a search runs them: an update right after its batch was sampled (the plain controller reuses the
  // forward passes of its samples), the sampling time taken out.
  let sampling = 0;
  let total = 0;
  for (let u = 0; u < updateCount; u++) {
    t0 = performance.now();
    const b = batch();
    const t1 = performance.now();
    controller.update(b);
    sampling += t1 - t0;
    total += performance.now() - t0;
  }
  controller.dispose();
  return row(name, perSample, (total - sampling) / updateCount);
}

const rows: Row[] = [time('plain (js-controller.ts)', createJsController(space, NB201_ENAS_CONTROLLER, 1))];
for (const backend of ['wasm', 'cpu']) {
  await selectBackend({ forced: backend });
  rows.push(time(`tfjs ${backend}`, createController(space, NB201_ENAS_CONTROLLER, 1)));
}
for (const threads of [1, 2]) {
  const py = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'pytorch', 'nb201_controller.py'), '--json', '--threads', String(threads), '--samples', String(sampleCount), '--updates', String(updateCount)], { encoding: 'utf8' });
  if (py.status !== 0) {
    console.error(`PyTorch peer failed: ${py.stderr}`);
    continue;
  }
  const result = JSON.parse(py.stdout) as { torch: string; msPerSample: number; msPerUpdate: number };
  rows.push(row(`PyTorch ${result.torch}, ${threads} thread${threads === 1 ? '' : 's'}`, result.msPerSample, result.msPerUpdate));
}
console.log(`nb201 controller at the tabular settings (lstmSize ${NB201_ENAS_CONTROLLER.lstmSize}, ${PER_UPDATE} samples per update); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.table(rows);

if (values.cli) {
  const root = join(import.meta.dirname, '..');
  for (const workers of ['1', 'default']) {
    const args = ['bin/enas.mjs', 'search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'nb201-cifar10', '--strategy', 'enas', '--samples', '1000', '--seeds', '10'];
    const t0 = performance.now();
    const run = spawnSync(process.execPath, workers === '1' ? [...args, '--workers', '1'] : args, { cwd: root, encoding: 'utf8' });
    const wall = (performance.now() - t0) / 1000;
    const first = run.stdout.split('\n')[0] ?? '';
    console.log(`enas search, 10 seeds × 1000 queries, workers ${workers}: ${wall.toFixed(1)} s wall (exit ${run.status}); it printed: ${first}`);
  }
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
