/**
 * Where a micro child training step spends its time on a tfjs backend: the real supernet step of
 * bench/child-step.ts (same shapes, a fresh uniformly sampled architecture each step) under tf.profile, with
 * the kernel calls per step and their time by kernel name.
 *
 *   npx tsx bench/child-step-profile.ts [--backend wasm] [--quick] [--steps 6] [--top 25]
 *
 * Kernel times are wall clock: under load they include waiting for a core, so compare shares within one run.
 * A kernel that runs others inside it (a custom gradient's `forward`, our kernels that compose wasm's) is
 * counted with them, so the column sums to more than the step.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { Rank } from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/trainer/backends/select-backend';
import { createMicroSupernet } from '../src/core/child/micro/micro-supernet';
import { createSearchSpace } from '../src/core/spaces';
import { createPrng } from '../src/core/random/prng';
import { childConfigSchema } from '../src/shared/config/child';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    quick: { type: 'boolean', default: false },
    steps: { type: 'string', default: '6' },
    top: { type: 'string', default: '25' },
  },
});
// The shapes of bench/child-step.ts (README shapes, or --quick: the default quick micro search).
const SHAPES = values.quick
  ? { batch: 64, size: 28, channels: 1, outFilters: 16, numLayers: 1, numNodes: 5 }
  : { batch: 32, size: 32, channels: 3, outFilters: 20, numLayers: 3, numNodes: 5 };
const steps = Number(values.steps);

await selectBackend({ forced: values.backend ?? 'wasm' });
const spaceConfig = { space: 'micro' as const, numNodes: SHAPES.numNodes, numBranches: 5 };
const child = childConfigSchema.parse({ space: 'micro', numLayers: SHAPES.numLayers, outFilters: SHAPES.outFilters });
if (child.space !== 'micro') throw new Error('unreachable');
const prng = createPrng(0);
const input = { height: SHAPES.size, width: SHAPES.size, channels: SHAPES.channels, numClasses: 10 };
const net = createMicroSupernet({ space: spaceConfig, child, input, prng });
const space = createSearchSpace(spaceConfig);
const images = tf.randomNormal<Rank.R4>([SHAPES.batch, SHAPES.size, SHAPES.size, SHAPES.channels], 0, 1, 'float32', 1);
const labels = tf.tensor1d(Array.from({ length: SHAPES.batch }, (_, i) => i % 10), 'int32');
for (let i = 0; i < 2; i++) await net.trainStep({ images, labels }, space.sampleUniform(prng), { learningRate: 0.05 });

const byKernel = new Map<string, { calls: number; ms: number }>();
let calls = 0;
let cpuMs = 0;
for (let i = 0; i < steps; i++) {
  const arc = space.sampleUniform(prng);
  const c0 = process.cpuUsage();
  const info = await tf.profile(async () => {
    await net.trainStep({ images, labels }, arc, { learningRate: 0.05 });
  });
  const used = process.cpuUsage(c0);
  cpuMs += (used.user + used.system) / 1000;
  for (const kernel of info.kernels) {
    const entry = byKernel.get(kernel.name) ?? { calls: 0, ms: 0 };
    entry.calls += 1;
    const ms = await kernel.kernelTimeMs;
    entry.ms += typeof ms === 'number' ? ms : 0;
    byKernel.set(kernel.name, entry);
    calls += 1;
  }
}
net.dispose();
const totalMs = [...byKernel.values()].reduce((sum, k) => sum + k.ms, 0);
console.log(`${values.backend}, ${values.quick ? 'quick' : 'README'} shapes, ${steps} profiled steps: ` +
  `${(calls / steps).toFixed(0)} kernel calls and ${(cpuMs / steps).toFixed(1)} CPU ms per step (profiling included)`);
console.log('| kernel | calls per step | ms per step | share of kernel time |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, k] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top))) {
  console.log(`| ${name} | ${(k.calls / steps).toFixed(0)} | ${(k.ms / steps).toFixed(1)} | ${((100 * k.ms) / totalMs).toFixed(1)}% |`);
}
