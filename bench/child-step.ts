/**
 * Milliseconds per ENAS micro child training step on each tfjs backend, against the same step in PyTorch on
 * the same CPU (bench/pytorch/child_step.py), measured in one run. Shapes: bench/README.md.
 *
 *   npx tsx bench/child-step.ts [--backends wasm,cpu,webgpu] [--steps N] [--no-pytorch] [--no-before] [--quick]
 *
 * Each backend runs in its own child process (tfjs keeps one global engine per process). A fresh uniformly
 * sampled architecture every step, as in phase 1 of a search; the first steps are warm-up and not counted.
 * On wasm every architecture is trained three times, in alternating order: with all our fused kernels (the
 * default path), with the fused optimiser step unregistered ("update composed": L2 term, global norm clip and
 * momentum as tfjs kernels, as before that kernel) and with the fused batch norm unregistered as well
 * ("before"), so all are measured under the same load. Besides wall-clock time, each row gives the CPU time of a step
 * (all threads of the process), which says more than wall time when other work shares the machine.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { KernelConfig, Rank } from '@tensorflow/tfjs-core';

/** The README's fixed shapes; `--quick`: those of the default quick micro search (Fashion-MNIST, docs/presets.md). */
const BENCH_SHAPES = { batch: 32, size: 32, channels: 3, outFilters: 20, numLayers: 3, numNodes: 5 };
const QUICK_SHAPES = { batch: 64, size: 28, channels: 1, outFilters: 16, numLayers: 1, numNodes: 5 };

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'no-pytorch': { type: 'boolean', default: false },
    'no-before': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    worker: { type: 'string' },
  },
});
const SHAPES = values.quick ? QUICK_SHAPES : BENCH_SHAPES;

interface Result {
  what: string;
  medianMs: number;
  medianCpuMs: number;
  steps: number;
}

/**
 * 'now': every fused kernel the backend has; 'update composed': the fused batch norm but the optimiser step
 * composed of tfjs kernels (as up to the fused step); 'before': batch norm composed as well (as up to 742984b).
 */
type Variant = 'now' | 'update composed' | 'before';
const VARIANT_LABELS: Record<Variant, string> = {
  now: '',
  'update composed': ', fused batch norm, optimiser step composed of tfjs kernels',
  before: ', batch norm and optimiser step composed of tfjs kernels',
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function measure(backend: string, steps: number, warmup: number, withBefore: boolean): Promise<Result[]> {
  const tf = await import('@tensorflow/tfjs-core');
  const { selectBackend } = await import('../src/trainer/backends/select-backend');
  const { createMicroSupernet } = await import('../src/core/child/micro/micro-supernet');
  const { createSearchSpace } = await import('../src/core/spaces');
  const { createPrng } = await import('../src/core/random/prng');
  const { childConfigSchema } = await import('../src/shared/config/child');
  const { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } = await import('../src/core/child/layers/batch-norm-kernels');
  const { SGD_STEP } = await import('../src/core/child/optim/sgd-step-kernel');
  await selectBackend({ forced: backend });
  const kernels = (names: string[]): KernelConfig[] => names.flatMap((name) => tf.getKernel(name, backend) ?? []);
  const fusedBatchNorm = kernels([BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD]);
  const fusedStep = kernels([SGD_STEP]);
  // Which fused kernels each variant keeps registered; the others run as their tfjs composition.
  const variants = new Map<Variant, KernelConfig[]>([['now', [...fusedBatchNorm, ...fusedStep]]]);
  if (withBefore && fusedStep.length > 0) variants.set('update composed', fusedBatchNorm);
  if (withBefore && fusedBatchNorm.length > 0) variants.set('before', []);
  const use = (variant: Variant): void => {
    const on = variants.get(variant) ?? [];
    for (const config of [...fusedBatchNorm, ...fusedStep]) {
      const registered = tf.getKernel(config.kernelName, backend) !== undefined;
      const wanted = on.includes(config);
      if (wanted && !registered) tf.registerKernel(config);
      if (!wanted && registered) tf.unregisterKernel(config.kernelName, backend);
    }
  };
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
  const order = [...variants.keys()];
  const wall = new Map<Variant, number[]>(order.map((v) => [v, []]));
  const cpu = new Map<Variant, number[]>(order.map((v) => [v, []]));
  for (let i = 0; i < warmup + steps; i++) {
    const arc = space.sampleUniform(prng);
    for (const variant of i % 2 === 0 ? order : [...order].reverse()) {
      use(variant);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await net.trainStep({ images, labels }, arc, { learningRate: 0.05 });
      const used = process.cpuUsage(c0);
      if (i >= warmup) {
        wall.get(variant)?.push(performance.now() - t0);
        cpu.get(variant)?.push((used.user + used.system) / 1000);
      }
    }
  }
  use('now');
  net.dispose();
  return order.map((variant) => ({
    what: `tfjs ${backend}${VARIANT_LABELS[variant]}`,
    medianMs: median(wall.get(variant) ?? []),
    medianCpuMs: median(cpu.get(variant) ?? []),
    steps,
  }));
}

if (values.worker) {
  const results = await measure(values.worker, Number(values.steps), Number(values.warmup), !values['no-before']);
  for (const result of results) process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ');
const rows: { what: string; ms: number; cpuMs: number }[] = [];
for (const backend of (values.backends ?? '').split(',').filter(Boolean)) {
  const args = ['--import', 'tsx', import.meta.filename, '--worker', backend, '--steps', values.steps ?? '10', '--warmup', values.warmup ?? '2'];
  if (values['no-before']) args.push('--no-before');
  if (values.quick) args.push('--quick');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: process.env });
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('RESULT '));
  if (lines.length === 0) {
    console.log(`${backend}: failed\n${run.stderr.split('\n').slice(-5).join('\n')}`);
    continue;
  }
  for (const line of lines) {
    const result = JSON.parse(line.slice(7)) as Result;
    rows.push({ what: result.what, ms: result.medianMs, cpuMs: result.medianCpuMs });
    // As it comes, so that a long run under load shows its progress (the table follows at the end).
    console.error(`${result.what}: ${result.medianMs.toFixed(1)} ms, ${result.medianCpuMs.toFixed(1)} CPU ms per step`);
  }
}
if (!values['no-pytorch']) {
  // One thread (tfjs-wasm runs on one) and every core PyTorch may use here (2 on the development VM).
  for (const threads of [1, 2]) {
    const script = new URL('./pytorch/child_step.py', import.meta.url).pathname;
    const shapeArgs = ['--batch', SHAPES.batch, '--size', SHAPES.size, '--channels', SHAPES.channels, '--out-filters', SHAPES.outFilters, '--num-layers', SHAPES.numLayers, '--num-nodes', SHAPES.numNodes].map(String);
    // The same number of warm-up and counted steps as the tfjs rows.
    const stepArgs = ['--steps', values.steps ?? '10', '--warmup', values.warmup ?? '2'];
    const py = spawnSync('/usr/bin/python3', [script, '--json', '--threads', String(threads), ...shapeArgs, ...stepArgs], { encoding: 'utf8' });
    const line = py.stdout.trim().split('\n').at(-1);
    if (py.status === 0 && line) {
      const r = JSON.parse(line) as { median_ms: number; median_cpu_ms: number; framework: string; threads: number };
      rows.push({ what: `${r.framework} (${r.threads} threads)`, ms: r.median_ms, cpuMs: r.median_cpu_ms });
      console.error(`PyTorch, ${r.threads} threads: ${r.median_ms.toFixed(1)} ms, ${r.median_cpu_ms.toFixed(1)} CPU ms per step`);
    } else {
      console.log(`PyTorch (${threads} threads) not measured: ${py.error?.message ?? py.stderr.split('\n').slice(-3).join(' ')}`);
    }
  }
}
const torchRows = rows.filter((r) => r.what.startsWith('pytorch'));
console.log(`ENAS micro child step, batch ${SHAPES.batch}, ${SHAPES.size}x${SHAPES.size}x${SHAPES.channels}, ` +
  `${SHAPES.outFilters} channels, ${SHAPES.numLayers + 2} cells of ${SHAPES.numNodes} nodes, fresh architecture each step`);
const ratioHeads = torchRows.map((t) => `× ${t.what}`);
console.log(`load average before: ${loadBefore}, after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
console.log(line(['runtime', 'ms per step (median)', 'CPU ms per step (median)', ...ratioHeads]));
console.log(line(['---', '---:', '---:', ...torchRows.map(() => '---:')]));
for (const r of rows) {
  console.log(line([r.what, r.ms.toFixed(1), r.cpuMs.toFixed(1), ...torchRows.map((t) => (r.ms / t.ms).toFixed(2))]));
}
