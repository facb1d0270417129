/**
 * One ENAS-micro-like child training step on the tfjs wasm backend, built from plain tfjs ops, timed and
 * profiled per kernel; part of `npx tsx bench/wasm-kernels.ts`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { createPrng } from '../src/core/random/prng';
import type { Prng } from '../src/core/random/prng';

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

/** Times `steps` training steps of batch `batch`, each on a fresh random architecture, then profiles one. */
export async function benchStep(steps: number, batch: number): Promise<void> {
  await tf.setBackend('wasm');
  const prng = createPrng(7);
  const net = new MicroSupernet(prng);
  const images = tf.randomNormal([batch, 32, 32, 3], 0, 1, 'float32', 4) as Tensor4D;
  const labels = tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', 5), CLASSES);
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
  const start = performance.now();
  let lastLoss = NaN;
  for (let i = 0; i < steps; i++) lastLoss = step();
  const perStep = (performance.now() - start) / steps;
  const forwardStart = performance.now();
  for (let i = 0; i < steps; i++) tf.tidy(() => net.logits(images, sampleArc(prng)).dataSync());
  const forward = (performance.now() - forwardStart) / steps;
  console.log(
    `\nENAS-micro-like step on wasm (batch ${batch}, 32×32×3, ${CELLS} cells × ${NODES} nodes, ${CHANNELS} channels, fresh random arc per step)`,
  );
  console.log(`  ${perStep.toFixed(0)} ms per training step (mean of ${steps}), forward only ${forward.toFixed(0)} ms; loss ${lastLoss.toFixed(3)}`);
  // Momentum slots appear the first time a weight gets a gradient, so leaks are counted over steps that all
  // train one architecture, after a step that created its slots.
  const fixedArc = sampleArc(prng);
  const fixedStep = (): void => {
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, net.logits(images, fixedArc)), false, net.variables);
  };
  fixedStep();
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = tf.backend().numDataIds();
  for (let i = 0; i < 3; i++) fixedStep();
  console.log(`  after 3 more steps: ${tf.memory().numTensors - tensorsBefore} tensors, ${tf.backend().numDataIds() - buffersBefore} wasm buffers more`);

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
