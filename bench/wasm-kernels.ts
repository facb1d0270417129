/**
 * Training kernels on the tfjs wasm backend against the pure-JS cpu backend, at ENAS-micro shapes, then one
 * ENAS-micro-like child training step on wasm with the kernels that take its time.
 *
 *   npx tsx bench/wasm-kernels.ts [--steps N] [--skip-cpu]
 *
 * The cpu backend is timed once per kernel on batch 4 instead of 32 (its Conv2DBackpropFilter runs at
 * ≈ 0.02 GFLOP/s: batch 32 would take minutes); its GFLOP/s is that of batch 4 and its ms are scaled ×8,
 * marked '~'. The step is described in `microStep` below; the peer it is judged against is PyTorch's
 * ≈ 0.32 s for a step of that size on the same 2-core CPU (design.md §7).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { createPrng } from '../src/core/random/prng';
import type { Prng } from '../src/core/random/prng';
import { registerTfjsGradients } from '../src/trainer/backends/register-tfjs-gradients';
import { registerWasmTrainingKernels } from '../src/trainer/backends/wasm/register-wasm-training-kernels';

const BATCH = 32;
const CPU_BATCH = 4;

interface KernelCase {
  label: string;
  kernel: string;
  /** Inputs at a given batch size. */
  inputs: (batch: number) => Record<string, Tensor>;
  attrs: (batch: number) => NamedAttrMap;
  flops: (batch: number) => number;
}

function convCases(size: number, channels: number): KernelCase[] {
  const cases: KernelCase[] = [];
  const x = (b: number): Tensor => tf.randomNormal([b, size, size, channels], 0, 1, 'float32', 1);
  const at = `${size}×${size}×${channels}`;
  for (const k of [1, 3]) {
    const convFlops = (b: number): number => 2 * b * size * size * k * k * channels * channels;
    const filterShape = [k, k, channels, channels];
    const common = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
    cases.push({
      label: `Conv2D ${k}×${k} ${at}`,
      kernel: 'Conv2D',
      inputs: (b) => ({ x: x(b), filter: tf.randomNormal(filterShape, 0, 1, 'float32', 2) }),
      attrs: () => common,
      flops: convFlops,
    });
    cases.push({
      label: `Conv2DBackpropFilter ${k}×${k} ${at}`,
      kernel: 'Conv2DBackpropFilter',
      inputs: (b) => ({ x: x(b), dy: x(b) }),
      attrs: () => ({ ...common, filterShape }),
      flops: convFlops,
    });
    cases.push({
      label: `Conv2DBackpropInput ${k}×${k} ${at}`,
      kernel: 'Conv2DBackpropInput',
      inputs: (b) => ({ dy: x(b), filter: tf.randomNormal(filterShape, 0, 1, 'float32', 2) }),
      attrs: (b) => ({ ...common, inputShape: [b, size, size, channels] }),
      flops: convFlops,
    });
  }
  for (const k of [3, 5]) {
    const dwFlops = (b: number): number => 2 * b * size * size * k * k * channels;
    const filterShape = [k, k, channels, 1];
    const common = { strides: 1, pad: 'same', dilations: 1 };
    cases.push({
      label: `DepthwiseConv2dNative ${k}×${k} ${at}`,
      kernel: 'DepthwiseConv2dNative',
      inputs: (b) => ({ x: x(b), filter: tf.randomNormal(filterShape, 0, 1, 'float32', 2) }),
      attrs: () => common,
      flops: dwFlops,
    });
    cases.push({
      label: `DepthwiseConv2dNativeBackpropFilter ${k}×${k} ${at}`,
      kernel: 'DepthwiseConv2dNativeBackpropFilter',
      inputs: (b) => ({ x: x(b), dy: x(b) }),
      attrs: () => ({ ...common, filterShape }),
      flops: dwFlops,
    });
    cases.push({
      label: `DepthwiseConv2dNativeBackpropInput ${k}×${k} ${at}`,
      kernel: 'DepthwiseConv2dNativeBackpropInput',
      inputs: (b) => ({ dy: x(b), filter: tf.randomNormal(filterShape, 0, 1, 'float32', 2) }),
      attrs: (b) => ({ ...common, inputShape: [b, size, size, channels] }),
      flops: dwFlops,
    });
  }
  cases.push({
    label: `Tile (batchNorm grad) → ${at}`,
    kernel: 'Tile',
    inputs: () => ({ x: tf.randomNormal([1, 1, 1, channels]) }),
    attrs: (b) => ({ reps: [b, size, size, 1] }),
    flops: () => 0,
  });
  return cases;
}

const EMBEDDING_CASE: KernelCase = {
  label: 'UnsortedSegmentSum (embedding grad, 10000×64, 35·batch ids)',
  kernel: 'UnsortedSegmentSum',
  inputs: (b) => ({
    x: tf.randomNormal([35 * b, 64]),
    segmentIds: tf.randomUniform([35 * b], 0, 10000, 'int32', 3),
  }),
  attrs: () => ({ numSegments: 10000 }),
  flops: (b) => 35 * b * 64,
};

/** Best-of-`repeats` wall time of one kernel call, in ms. */
function timeKernel(c: KernelCase, batch: number, repeats: number): number {
  const inputs = c.inputs(batch);
  const attrs = c.attrs(batch);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const out = tf.engine().runKernel(c.kernel, inputs, attrs) as Tensor;
    out.dataSync();
    best = Math.min(best, performance.now() - start);
    out.dispose();
  }
  tf.dispose(Object.values(inputs));
  return best;
}

function rate(flops: number, ms: number): string {
  return flops === 0 ? '     -' : (flops / ms / 1e6).toFixed(2).padStart(6);
}

async function benchKernels(skipCpu: boolean, originals: Map<string, KernelConfig>): Promise<void> {
  const cases = [...convCases(32, 20), ...convCases(16, 40), EMBEDDING_CASE];
  console.log(`\nkernel (batch ${BATCH})`.padEnd(62) + 'wasm ms  GFLOP/s | wasm-orig ms | cpu ms  GFLOP/s');
  for (const c of cases) {
    await tf.setBackend('wasm');
    const wasmMs = timeKernel(c, BATCH, 5);
    let orig = '           ';
    const original = originals.get(c.kernel);
    if (original !== undefined) {
      const ours = tf.getKernel(c.kernel, 'wasm');
      tf.unregisterKernel(c.kernel, 'wasm');
      tf.registerKernel(original);
      orig = `${timeKernel(c, BATCH, 3).toFixed(1).padStart(10)}  `;
      tf.unregisterKernel(c.kernel, 'wasm');
      if (ours !== undefined) tf.registerKernel(ours);
    }
    let cpu = '';
    if (!skipCpu) {
      await tf.setBackend('cpu');
      const cpuMs = timeKernel(c, CPU_BATCH, 1);
      cpu = `~${((cpuMs * BATCH) / CPU_BATCH).toFixed(0).padStart(6)} ${rate(c.flops(CPU_BATCH), cpuMs)}`;
    }
    console.log(`${c.label.padEnd(58)} ${wasmMs.toFixed(2).padStart(7)} ${rate(c.flops(BATCH), wasmMs)} | ${orig} | ${cpu}`);
  }
}

const OPS = ['sep3', 'sep5', 'avg3', 'max3', 'identity'] as const;
type Op = (typeof OPS)[number];
interface NodeChoice {
  inputs: [number, number];
  ops: [Op, Op];
}

/**
 * An ENAS-micro-like supernet (Pham et al. 2018, §2.3; official micro_child.py): a 3×3 conv stem, CELLS
 * cells of NODES nodes at CHANNELS channels and 32×32, each node the sum of two ops on earlier nodes (the two
 * cell inputs included): a separable conv (relu → depthwise k×k → pointwise 1×1 → batch norm, stacked twice),
 * a 3×3 avg or max pool, or identity. The unused nodes are concatenated, and relu → 1×1 conv (its weight rows
 * gathered per unused node, as the official code does) → batch norm gives the cell output. Then global average
 * pooling, a dense layer and softmax cross-entropy. Weights are shared per (cell, node, slot, op).
 */
const CHANNELS = 20;
const CELLS = 5;
const NODES = 5;
const CLASSES = 10;

class MicroSupernet {
  readonly variables: tf.Variable[] = [];
  private readonly weights = new Map<string, tf.Variable>();

  constructor(private readonly prng: Prng) {}

  private weight(key: string, shape: number[], init: 'normal' | 'ones' | 'zeros' = 'normal'): tf.Variable {
    const existing = this.weights.get(key);
    if (existing !== undefined) return existing;
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const value =
      init === 'ones' ? tf.ones(shape) : init === 'zeros' ? tf.zeros(shape) : tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', this.prng.int(2 ** 30));
    const created = tf.variable(value, true, key);
    value.dispose();
    this.weights.set(key, created);
    this.variables.push(created);
    return created;
  }

  /** Training-mode batch norm written with plain ops, as src/core/child/layers/batch-norm.ts does. */
  private batchNorm(x: Tensor4D, key: string): Tensor4D {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const scale = this.weight(`${key}/gamma`, [CHANNELS], 'ones');
    const offset = this.weight(`${key}/beta`, [CHANNELS], 'zeros');
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), scale), offset);
  }

  private op(x: Tensor4D, op: Op, key: string): Tensor4D {
    if (op === 'identity') return x;
    if (op === 'avg3') return tf.avgPool(x, 3, 1, 'same');
    if (op === 'max3') return tf.maxPool(x, 3, 1, 'same');
    const k = op === 'sep3' ? 3 : 5;
    let y = x;
    for (let stack = 0; stack < 2; stack++) {
      const depthwise = this.weight(`${key}/${stack}/dw`, [k, k, CHANNELS, 1]) as tf.Variable<tf.Rank.R4>;
      const pointwise = this.weight(`${key}/${stack}/pw`, [1, 1, CHANNELS, CHANNELS]) as tf.Variable<tf.Rank.R4>;
      y = this.batchNorm(tf.separableConv2d(tf.relu(y), depthwise, pointwise, 1, 'same'), `${key}/${stack}/bn`);
    }
    return y;
  }

  private cell(prev: Tensor4D, curr: Tensor4D, arc: NodeChoice[], c: number): Tensor4D {
    const nodes = [prev, curr];
    const used = new Array<boolean>(NODES + 2).fill(false);
    arc.forEach((node, n) => {
      const [a, b] = node.inputs.map((i, slot) => {
        used[i] = true;
        return this.op(nodes[i]!, node.ops[slot]!, `c${c}/n${n}/s${slot}/${node.ops[slot]}`);
      });
      nodes.push(tf.add(a!, b!));
    });
    const unused = used.flatMap((u, i) => (u ? [] : [i]));
    const finalRows = tf.gather(this.weight(`c${c}/final`, [NODES + 2, CHANNELS * CHANNELS]), unused);
    const finalConv = tf.reshape(finalRows, [1, 1, unused.length * CHANNELS, CHANNELS]) as tf.Tensor4D;
    const out = tf.conv2d(tf.relu(tf.concat(unused.map((i) => nodes[i]!), 3)), finalConv, 1, 'same');
    return this.batchNorm(out, `c${c}/final/bn`);
  }

  logits(images: Tensor4D, arcs: NodeChoice[][]): tf.Tensor2D {
    const stem = this.batchNorm(tf.conv2d(images, this.weight('stem', [3, 3, 3, CHANNELS]) as tf.Variable<tf.Rank.R4>, 1, 'same'), 'stem/bn');
    let prev = stem;
    let curr = stem;
    arcs.forEach((arc, c) => {
      [prev, curr] = [curr, this.cell(prev, curr, arc, c)];
    });
    const pooled = tf.mean(tf.relu(curr), [1, 2]) as tf.Tensor2D;
    return tf.add(tf.matMul(pooled, this.weight('dense', [CHANNELS, CLASSES])), this.weight('dense/bias', [CLASSES], 'zeros'));
  }
}

function sampleArc(prng: Prng): NodeChoice[][] {
  return Array.from({ length: CELLS }, () =>
    Array.from({ length: NODES }, (_, n) => ({
      inputs: [prng.int(n + 2), prng.int(n + 2)] as [number, number],
      ops: [OPS[prng.int(OPS.length)]!, OPS[prng.int(OPS.length)]!] as [Op, Op],
    })),
  );
}

async function benchStep(steps: number): Promise<void> {
  await tf.setBackend('wasm');
  const prng = createPrng(7);
  const net = new MicroSupernet(prng);
  const images = tf.randomNormal([BATCH, 32, 32, 3], 0, 1, 'float32', 4) as Tensor4D;
  const labels = tf.oneHot(tf.randomUniform([BATCH], 0, CLASSES, 'int32', 5), CLASSES);
  const optimizer = tf.train.momentum(0.05, 0.9, true);
  // Build every weight once, so that timed steps do not include variable creation.
  for (let i = 0; i < 8; i++) tf.tidy(() => net.logits(images, sampleArc(prng)));
  const step = (): number => {
    const arc = sampleArc(prng);
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, net.logits(images, arc)), true, net.variables);
    const value = loss?.dataSync()[0] ?? NaN;
    loss?.dispose();
    return value;
  };
  for (let i = 0; i < 2; i++) step();
  const tensorsBefore = tf.memory().numTensors;
  const start = performance.now();
  let lastLoss = NaN;
  for (let i = 0; i < steps; i++) lastLoss = step();
  const perStep = (performance.now() - start) / steps;
  const forwardStart = performance.now();
  for (let i = 0; i < steps; i++) tf.tidy(() => net.logits(images, sampleArc(prng)).dataSync());
  const forward = (performance.now() - forwardStart) / steps;
  console.log(
    `\nENAS-micro-like step on wasm (batch ${BATCH}, 32×32×3, ${CELLS} cells × ${NODES} nodes, ${CHANNELS} channels, fresh random arc per step)`,
  );
  console.log(`  ${perStep.toFixed(0)} ms per training step (mean of ${steps}), forward only ${forward.toFixed(0)} ms; loss ${lastLoss.toFixed(3)}`);
  console.log(`  tensors after ${steps} steps: ${tf.memory().numTensors - tensorsBefore >= 0 ? '+' : ''}${tf.memory().numTensors - tensorsBefore}`);

  const profile = await tf.profile(() => {
    step();
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of profile.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    byKernel.set(k.name, { ms: entry.ms + ms, calls: entry.calls + 1 });
  }
  const total = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
  console.log(`  kernels of one profiled step (${total.toFixed(0)} ms in kernels, ${profile.kernels.length} calls):`);
  for (const [name, { ms, calls }] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    console.log(`    ${name.padEnd(38)} ${ms.toFixed(1).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${calls} calls`);
  }
  tf.dispose([images, labels, ...net.variables]);
  optimizer.dispose();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const stepsAt = args.indexOf('--steps');
  const steps = stepsAt >= 0 ? Number(args[stepsAt + 1]) : 5;
  await registerTfjsGradients();
  await import('@tensorflow/tfjs-backend-cpu');
  await import('@tensorflow/tfjs-backend-wasm');
  const originals = new Map<string, KernelConfig>();
  for (const name of ['Conv2DBackpropInput', 'Tile']) {
    const original = tf.getKernel(name, 'wasm');
    if (original !== undefined) originals.set(name, original);
  }
  const registration = registerWasmTrainingKernels();
  console.log(`wasm training kernels: added ${registration.added.join(', ')}; replaced ${registration.replaced.join(', ')}`);
  await benchKernels(args.includes('--skip-cpu'), originals);
  await benchStep(steps);
}

await main();
