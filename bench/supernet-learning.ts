/**
 * How fast does a supernet learn per shared-weight step? Trains the weight-shared supernet of the quick
 * preset of `--space` (micro or macro) on an imported image dataset with uniformly sampled children (phase 1 only, as
 * random-ws does), and every `--every` steps scores `--children` uniformly sampled children on the first
 * `--images` validation images with the shared weights: the mean is the supernet accuracy that a search's
 * health reports. Issue 11 gives the PyTorch peer's numbers at the same shapes (C = 16, one cell per stage,
 * batch 64, Nesterov SGD 0.05 cosine): 0.26 after 84 steps, 0.40 after 168, 0.43 after 252, 0.49 after 504.
 *
 *   npx tsx bench/supernet-learning.ts --dataset DIR [--space micro] [--steps 504] [--every 84] [--lr 0.05]
 *     [--no-augment] [--batch 64] [--child KEY=VALUE …]
 *
 * `--child` sets one child-config field (repeatable; the value is read as JSON when it parses, else as a
 * string), e.g. `--space macro --child searchLayer=fixed-layer --child searchBatchNorm=batch` for the
 * macro supernet's fixed-network form. `--lr-epochs` defaults to the preset's lrT0.
 *
 * DIR is a normalised dataset folder of a workbench data folder (e.g. the embedded fashion-mnist-small,
 * imported by any first `enas search`: `<data folder>/fashion-mnist-small-*`).
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/trainer/backends/select-backend';
import { loadDataset } from '../src/trainer/load-dataset';
import { createImageSearchTask } from '../src/core/search/image-search-task';
import { imageSetup } from '../src/core/search/image-setup';
import { resolvePreset } from '../src/shared/config/presets';
import { childConfigSchema } from '../src/shared/config/child';
import { createSearchSpace } from '../src/core/spaces';
import type { SearchSpace } from '../src/core/spaces/search-space';
import { SEARCH_STREAMS, meanStd, probeChildren, uniformTokens } from '../src/core/search/search-health';
import { cosineLearningRate } from '../src/core/child/optim/cosine-schedule';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    steps: { type: 'string', default: '504' },
    every: { type: 'string', default: '84' },
    children: { type: 'string', default: '20' },
    images: { type: 'string', default: '250' },
    space: { type: 'string', default: 'micro' },
    child: { type: 'string', multiple: true, default: [] },
    lr: { type: 'string' },
    'lr-epochs': { type: 'string' },
    'keep-prob': { type: 'string' },
    'no-augment': { type: 'boolean', default: false },
    backend: { type: 'string', default: 'wasm' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string' },
  },
});
if (values.dataset === undefined) throw new Error('--dataset DIR is required');
if (values.space !== 'micro' && values.space !== 'macro') throw new Error(`--space must be micro or macro, got ${values.space}`);
const childSets = Object.fromEntries(
  values.child.map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--child takes KEY=VALUE, got ${pair}`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: an option name such as fixed-layer.
    }
    return [pair.slice(0, at), value];
  }),
);

await selectBackend({ forced: values.backend as 'wasm' });
const data = await loadDataset(values.dataset);
if (data.kind !== 'image') throw new Error(`${values.dataset} is not an image dataset`);
const config = resolvePreset({ preset: 'quick', space: values.space, strategy: 'random-ws' });
const child = childConfigSchema.parse({
  ...config.child,
  ...(values.lr ? { lrMax: Number(values.lr) } : {}),
  ...(values['keep-prob'] ? { keepProb: Number(values['keep-prob']) } : {}),
  ...(values['lr-epochs'] ? { lrT0: Number(values['lr-epochs']) } : {}),
  ...childSets,
});
const seed = Number(values.seed);
const task = createImageSearchTask({
  setup: imageSetup(config.space, child),
  train: data.train,
  valid: data.valid,
  numClasses: data.manifest.classNames.length,
  batchSize: values.batch ? Number(values.batch) : config.search.batchSize,
  augment: values['no-augment'] ? { padCrop: 0, flip: false } : { padCrop: Math.max(1, Math.round(data.train.height / 8)), flip: true },
  seed,
});
const space: SearchSpace<unknown> = createSearchSpace(config.space);
const steps = Number(values.steps);
const every = Number(values.every);
// The probe children a search's health uses: the same ones at every measurement.
const probe = probeChildren(space, seed, Number(values.children));
const perEpoch = task.batchesPerEpoch;
console.log(`train ${data.train.count}, valid ${data.valid.count}, ${perEpoch} steps per epoch, lr ${child.lrMax} over ${child.lrT0} epochs`);
console.log(`${values.space} child: ${JSON.stringify(childSets)}`);
const started = performance.now();
let loss = 0;
for (let step = 1; step <= steps; step++) {
  const arc = uniformTokens(space, seed, SEARCH_STREAMS.warmup, step - 1);
  const lr = cosineLearningRate(child, (step - 1) / perEpoch);
  const r = await task.trainStep(arc, lr, step / steps);
  loss += r.metrics['child/cross-entropy'] ?? NaN;
  if (step % every === 0) {
    const t0 = performance.now();
    const scores: number[] = [];
    for (const tokens of probe) scores.push((await task.score(tokens, Number(values.images))).validScore);
    const { mean } = meanStd(scores);
    const sorted = [...scores].sort((a, b) => a - b);
    console.log(
      `step ${step}: train CE ${(loss / every).toFixed(3)}, supernet accuracy ${mean.toFixed(3)} ` +
        `(children ${sorted[0]?.toFixed(2)}–${sorted.at(-1)?.toFixed(2)}), ` +
        `train ${(((t0 - started) / step) | 0)} ms/step so far, scoring ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    loss = 0;
  }
}
task.dispose();
