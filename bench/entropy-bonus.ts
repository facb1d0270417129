/**
 * How big the entropy bonus of the `paper` preset is, and what it does to learning (issue 11).
 *
 * Part 1, per space at the paper's size and with the paper preset's controller: the decisions per sample,
 * the summed sample entropy (what every official controller weighs) and its mean per decision, over
 * `--samples` draws of the untrained policy, and the bonus 0.1 · entropy under each reading.
 *
 * Part 2, micro only: the paper controller (one sample per Adam step) trained for `--steps` steps on a
 * synthetic reward shaped like a weight-shared child's accuracy, r = 0.6 + 0.2 · (fraction of the 20 ops
 * that are `identity`) + N(0, 0.01²): a few hundredths of spread, as real children give. Reported for each
 * entropy reading: the identity fraction and the summed entropy of `--samples` draws after training, and
 * the baseline and the share of steps whose advantage r − b was positive. No child network is involved: this
 * isolates the controller update. The probes draw from the controller's own Prng, so `--samples` also
 * changes which architectures the training steps see. A paper-sized step takes about a second on a loaded
 * 2-core machine: a whole controller phase (2000 steps) is out of reach here, hence the default of 50.
 *
 *   npx tsx bench/entropy-bonus.ts [--samples 200] [--steps 50] [--seed 1]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { ControllerConfig } from '../src/shared/config/controller';
import { resolvePreset } from '../src/shared/config/presets';
import { createController } from '../src/core/controller/controller';
import { createPrng } from '../src/core/random/prng';
import { createSearchSpace } from '../src/core/spaces/index';
import { selectBackend } from '../src/trainer/backends/select-backend';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '200' },
    steps: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
  },
});
const sampleCount = Number(values.samples);
const steps = Number(values.steps);
const seed = Number(values.seed);
const WEIGHT = 0.1;

await selectBackend({ forced: 'cpu' });

function paperSetup(name: 'micro' | 'macro' | 'rnn') {
  const config = resolvePreset({ preset: 'paper', space: name, strategy: 'enas' });
  if (config.strategy.strategy !== 'enas') throw new Error('expected enas');
  return { space: createSearchSpace(config.space), controller: config.strategy.controller };
}

function meanStd(xs: readonly number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length)];
}

const f = (x: number, digits = 3) => x.toFixed(digits);

console.log(`# entropy bonus, cpu backend, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('\n## Part 1: the untrained paper controller\n');
const part1 = [];
for (const name of ['micro', 'macro', 'rnn'] as const) {
  const { space, controller: config } = paperSetup(name);
  const controller = createController(space, config, seed);
  const sums: number[] = [];
  let decisions = 0;
  for (let i = 0; i < sampleCount; i++) {
    const s = controller.sample();
    sums.push(s.entropy);
    decisions = s.decisions.length;
    if (decisions !== s.tokens.length) throw new Error(`${name}: ${decisions} decisions but ${s.tokens.length} tokens`);
  }
  controller.dispose();
  const [m, sd] = meanStd(sums);
  part1.push({
    space: name,
    decisions,
    'summed entropy (nats)': `${f(m, 2)} ± ${f(sd, 2)}`,
    'mean per decision': f(m / decisions),
    '0.1 · sum': f(WEIGHT * m, 2),
    '0.1 · sum, sd over samples': f(WEIGHT * sd),
    '0.1 · mean': f((WEIGHT * m) / decisions),
  });
}
console.table(part1);

console.log(`\n## Part 2: micro, ${steps} single-sample steps on a synthetic accuracy-like reward\n`);
const IDENTITY = 4;
const identityFraction = (tokens: readonly number[]) => {
  // Micro arcs are [index_1, op_1, index_2, op_2] per node: ops at odd positions.
  const ops = tokens.filter((_, i) => i % 2 === 1);
  return ops.filter((op) => op === IDENTITY).length / ops.length;
};

function train(overrides: Partial<ControllerConfig>) {
  const { space, controller: base } = paperSetup('micro');
  const config = { ...base, ...overrides };
  const controller = createController(space, config, seed);
  const noise = createPrng(seed + 1000);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - noise.next())) * Math.cos(2 * Math.PI * noise.next());
  const probe = () => {
    const xs = Array.from({ length: sampleCount }, () => controller.sample());
    return { identity: meanStd(xs.map((s) => identityFraction(s.tokens)))[0], entropy: meanStd(xs.map((s) => s.entropy))[0] };
  };
  const before = probe();
  const t0 = performance.now();
  let last = { baseline: 0 };
  const advantagesPositive: boolean[] = [];
  for (let step = 0; step < steps; step++) {
    const s = controller.sample();
    const reward = 0.6 + 0.2 * identityFraction(s.tokens) + 0.01 * gauss();
    const stats = controller.update([{ tokens: s.tokens, entropy: s.entropy, reward }]);
    const shaped = reward + config.entropyWeight * (config.entropyReduction === 'mean' ? s.entropy / s.tokens.length : s.entropy);
    advantagesPositive.push(shaped - stats.baseline > 0);
    last = stats;
  }
  const seconds = (performance.now() - t0) / 1000;
  const after = probe();
  controller.dispose();
  return {
    reading: `w ${config.entropyWeight}, ${config.entropyReduction}`,
    'identity before': f(before.identity),
    'identity after': f(after.identity),
    'entropy before': f(before.entropy, 2),
    'entropy after': f(after.entropy, 2),
    'final baseline': f(last.baseline),
    'advantage > 0': `${f((100 * advantagesPositive.filter(Boolean).length) / steps, 1)}%`,
    seconds: f(seconds, 0),
  };
}

console.table([
  train({ entropyWeight: WEIGHT, entropyReduction: 'sum' }),
  train({ entropyWeight: WEIGHT, entropyReduction: 'mean' }),
  train({ entropyWeight: 1e-4, entropyReduction: 'sum' }),
  train({ entropyWeight: 0, entropyReduction: 'sum' }),
]);
