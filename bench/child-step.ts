/**
 * Milliseconds per ENAS micro child training step on each tfjs backend, against the same step in PyTorch on
 * the same CPU (bench/pytorch/child_step.py), measured in one run. Shapes: bench/README.md.
 *
 *   npx tsx bench/child-step.ts [--backends wasm,cpu,webgpu] [--steps N] [--no-pytorch]
 *
 * Each backend runs in its own child process (tfjs keeps one global engine per process). A fresh uniformly
 * sampled architecture every step, as in phase 1 of a search; the first steps are warm-up and not counted.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { Rank } from '@tensorflow/tfjs-core';

const SHAPES = { batch: 32, size: 32, channels: 3, outFilters: 20, numLayers: 3, numNodes: 5 };

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'no-pytorch': { type: 'boolean', default: false },
    worker: { type: 'string' },
  },
});

interface Result {
  backend: string;
  medianMs: number;
  meanMs: number;
  steps: number;
}

async function measure(backend: string, steps: number, warmup: number): Promise<Result> {
  const tf = await import('@tensorflow/tfjs-core');
  const { selectBackend } = await import('../src/trainer/backends/select-backend');
  const { createMicroSupernet } = await import('../src/core/child/micro/micro-supernet');
  const { createSearchSpace } = await import('../src/core/spaces');
  const { createPrng } = await import('../src/core/random/prng');
  const { childConfigSchema } = await import('../src/shared/config/child');
  await selectBackend({ forced: backend });
  const spaceConfig = { space: 'micro' as const, numNodes: SHAPES.numNodes, numBranches: 5 };
  const child = childConfigSchema.parse({ space: 'micro', numLayers: SHAPES.numLayers, outFilters: SHAPES.outFilters });
  if (child.space !== 'micro') throw new Error('unreachable');
  const prng = createPrng(0);
  const net = createMicroSupernet({
    space: spaceConfig,
    child,
    input: { height: SHAPES.size, width: SHAPES.size, channels: SHAPES.channels, numClasses: 10 },
    prng,
  });
  const space = createSearchSpace(spaceConfig);
  const images = tf.randomNormal<Rank.R4>([SHAPES.batch, SHAPES.size, SHAPES.size, SHAPES.channels], 0, 1, 'float32', 1);
  const labels = tf.tensor1d(Array.from({ length: SHAPES.batch }, (_, i) => i % 10), 'int32');
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const arc = space.sampleUniform(prng);
    const t0 = performance.now();
    await net.trainStep({ images, labels }, arc, { learningRate: 0.05 });
    if (i >= warmup) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  net.dispose();
  return {
    backend,
    medianMs: times[Math.floor(times.length / 2)] ?? NaN,
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    steps: times.length,
  };
}

if (values.worker) {
  const result = await measure(values.worker, Number(values.steps), Number(values.warmup));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

const rows: { what: string; ms: number }[] = [];
for (const backend of (values.backends ?? '').split(',').filter(Boolean)) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--worker', backend, '--steps', values.steps ?? '10', '--warmup', values.warmup ?? '2'], {
    encoding: 'utf8',
    env: process.env,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    console.log(`${backend}: failed\n${run.stderr.split('\n').slice(-5).join('\n')}`);
    continue;
  }
  const result = JSON.parse(line.slice(7)) as Result;
  rows.push({ what: `tfjs ${backend}`, ms: result.medianMs });
}
if (!values['no-pytorch']) {
  // One thread (tfjs-wasm runs on one) and every core PyTorch may use here (2 on the development VM).
  for (const threads of [1, 2]) {
    const script = new URL('./pytorch/child_step.py', import.meta.url).pathname;
    const py = spawnSync('/usr/bin/python3', [script, '--json', '--threads', String(threads)], { encoding: 'utf8' });
    const line = py.stdout.trim().split('\n').at(-1);
    if (py.status === 0 && line) {
      const r = JSON.parse(line) as { median_ms: number; framework: string; threads: number };
      rows.push({ what: `${r.framework} (${r.threads} threads)`, ms: r.median_ms });
    } else {
      console.log(`PyTorch (${threads} threads) not measured: ${py.error?.message ?? py.stderr.split('\n').slice(-3).join(' ')}`);
    }
  }
}
const torchRows = rows.filter((r) => r.what.startsWith('pytorch'));
console.log(`ENAS micro child step, batch ${SHAPES.batch}, ${SHAPES.size}x${SHAPES.size}x${SHAPES.channels}, ` +
  `${SHAPES.outFilters} channels, ${SHAPES.numLayers + 2} cells of ${SHAPES.numNodes} nodes, fresh architecture each step`);
const ratioHeads = torchRows.map((t) => `× ${t.what}`);
console.log(`| runtime | ms per step (median) | ${ratioHeads.join(' | ')} |`);
console.log(`|---|---:|${torchRows.map(() => '---:').join('|')}|`);
for (const r of rows) {
  console.log(`| ${r.what} | ${r.ms.toFixed(1)} | ${torchRows.map((t) => (r.ms / t.ms).toFixed(2)).join(' | ')} |`);
}
