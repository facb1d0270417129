/**
 * Milliseconds per step of the ENAS recurrent-cell supernet (one truncated-BPTT update, and one evaluation
 * of the same window) on a tfjs backend, at the shapes of the quick rnn preset on the embedded corpus.
 * Shapes: bench/README.md. A fresh uniformly sampled cell each step, as in phase 1 of a search; the first
 * steps are warm-up and not counted; medians are reported.
 *
 *   npx tsx bench/rnn-step.ts [--backend wasm|cpu] [--steps N] [--vocab N] [--hidden N]
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/trainer/backends/select-backend';
import { createRnnSupernet } from '../src/core/child/rnn/create-rnn';
import { createPrng } from '../src/core/random/prng';
import { createSearchSpace } from '../src/core/spaces';
import { rnnChildSchema } from '../src/shared/config/child';
import { rnnSpaceSchema } from '../src/shared/config/space';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    vocab: { type: 'string', default: '7600' },
    hidden: { type: 'string', default: '128' },
  },
});
const SHAPES = { batch: 32, bptt: 35, numNodes: 8, vocab: Number(values.vocab), hidden: Number(values.hidden) };

const selection = await selectBackend({ forced: values.backend as 'wasm' | 'cpu' });
const spaceConfig = rnnSpaceSchema.parse({ space: 'rnn', numNodes: SHAPES.numNodes });
const space = createSearchSpace(spaceConfig);
const child = rnnChildSchema.parse({ space: 'rnn', hiddenSize: SHAPES.hidden, bpttSteps: SHAPES.bptt });
const prng = createPrng(1);
const net = createRnnSupernet({ space: spaceConfig, child, vocabSize: SHAPES.vocab, prng });
const tokens = (): Int32Array => Int32Array.from({ length: SHAPES.batch * SHAPES.bptt }, () => prng.int(SHAPES.vocab));
const train: number[] = [];
const evaluate: number[] = [];
const total = Number(values.warmup) + Number(values.steps);
for (let i = 0; i < total; i++) {
  const arc = space.sampleUniform(prng);
  const batch = { inputs: tokens(), targets: tokens(), batchSize: SHAPES.batch, steps: SHAPES.bptt };
  const t0 = performance.now();
  await net.trainStep(batch, arc, { learningRate: 1, progress: i / total });
  const t1 = performance.now();
  await net.evaluate(batch, arc);
  const t2 = performance.now();
  if (i >= Number(values.warmup)) {
    train.push(t1 - t0);
    evaluate.push(t2 - t1);
  }
}
net.dispose();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(`backend ${selection.backend} · batch ${SHAPES.batch} × bptt ${SHAPES.bptt} · ${SHAPES.numNodes} nodes · hidden ${SHAPES.hidden} · vocab ${SHAPES.vocab}`);
console.log(`| step | median ms | steps |\n|---|---|---|`);
console.log(`| train (forward + backward + SGD) | ${median(train).toFixed(0)} | ${train.length} |`);
console.log(`| evaluate (forward) | ${median(evaluate).toFixed(0)} | ${evaluate.length} |`);
