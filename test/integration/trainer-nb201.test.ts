/**
 * The nb201 space searched on images through the trainer process, as micro is: a tiny seeded search with each
 * strategy trains the weight-shared nb201 supernet, scores cells and derives the best ones, and a cell is
 * retrained from scratch as the fixed NAS-Bench-201 network. Each trainer process costs a few seconds of CPU
 * (most of it starting tsx and tfjs); the time limits leave room for a loaded machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixedNb201Network } from '../../src/core/child';
import { createPrng } from '../../src/core/random/prng';
import { createSearchSpace } from '../../src/core/spaces';
import { resolvePreset } from '../../src/shared/config/presets';
import { runConfigSchema } from '../../src/shared/config/run';
import type { RunConfig } from '../../src/shared/config/run';
import type { StrategyName } from '../../src/shared/config/strategy';
import { writeSyntheticImageDataset } from '../fixtures/synthetic-image-dataset';
import { ofType, runTrainer } from '../fixtures/run-trainer';

let root: string;
let datasetDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'enas-nb201-'));
  datasetDir = join(root, 'images');
  writeSyntheticImageDataset(datasetDir, { count: 400, validCount: 100, testCount: 100, size: 8, classes: 4, seed: 5 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The quick nb201 preset shrunk to 8×8 images, C = 4, 2 epochs of 12 steps. */
function tinyConfig(strategy: StrategyName): RunConfig {
  const base = resolvePreset({ preset: 'quick', space: 'nb201', strategy, backend: 'cpu', seed: 3 });
  const child = { ...base.child, outFilters: 4, cellsPerStage: 1, lrMax: 0.1, lrT0: 2, lrTMul: 1 };
  return runConfigSchema.parse({
    ...base,
    preset: 'custom',
    dataset: 'synthetic',
    child,
    strategy:
      base.strategy.strategy === 'enas'
        ? { strategy: 'enas', controller: { ...base.strategy.controller, lstmSize: 16, trainSteps: 2, numAggregate: 3 } }
        : base.strategy.strategy === 'parsec'
          ? { strategy: 'parsec', parsec: { ...base.strategy.parsec, trainSteps: 2, numAggregate: 3 } }
          : base.strategy,
    search: {
      ...base.search, epochs: 2, warmupEpochs: 0, batchSize: 32, childStepsPerEpoch: 12, rewardBatchSize: 50, randomScoresPerEpoch: 6,
      deriveSamples: 4, deriveTopK: 2, deriveBatchSize: 100, deriveRescoreTopN: 0, healthChildren: 2, healthBatchSize: 50,
    },
    retrain: { epochs: 1, batchSize: 32, child },
  });
}

describe('searching nb201 on images', () => {
  it('enas: the supernet loss falls, rewards are accuracies of six-op cells, and derive ranks cells', async () => {
    const config = tinyConfig('enas');
    const run = await runTrainer({ config, datasetDir, checkpointDir: join(root, 'ck-enas') });
    expect(run.code, run.stderr).toBe(0);
    const ce = ofType(run.messages, 'step-metrics').flatMap((m) => (m.metrics['child/cross-entropy'] === undefined ? [] : [m.metrics['child/cross-entropy']]));
    expect(ce).toHaveLength(24);
    expect(mean(ce.slice(-4))).toBeLessThan(mean(ce.slice(0, 4)));
    const scored = ofType(run.messages, 'architecture-sampled').filter((s) => s.phase === 'controller');
    expect(scored).toHaveLength(12);
    for (const s of scored) {
      expect(s.arc).toMatch(/^[0-4]( [0-4]){5}$/);
      expect(s.validScore).toBeGreaterThanOrEqual(0);
      expect(s.validScore).toBeLessThanOrEqual(1);
    }
    const derived = ofType(run.messages, 'derived')[0]?.architectures ?? [];
    expect(derived.length).toBe(2);
    expect(derived[0]!.score).toBeGreaterThanOrEqual(derived[1]!.score);
  }, 120_000);

  it('random-ws and parsec search the same supernet to the end', async () => {
    for (const strategy of ['random-ws', 'parsec'] as const) {
      const tiny = tinyConfig(strategy);
      // One short epoch: these strategies are the same on every space, the supernet under them is what is new.
      const config = runConfigSchema.parse({ ...tiny, search: { ...tiny.search, epochs: 1, childStepsPerEpoch: 4 } });
      const run = await runTrainer({ config, datasetDir, checkpointDir: join(root, `ck-${strategy}`) });
      expect(run.code, `${strategy}: ${run.stderr}`).toBe(0);
      expect(ofType(run.messages, 'derived')[0]?.architectures.length, strategy).toBe(2);
    }
  }, 240_000);

  it('retrains a cell from scratch as the fixed network, reporting its parameter count', async () => {
    const config = tinyConfig('enas');
    const arc = '3 0 3 1 0 1';
    const run = await runTrainer({ config, job: { kind: 'retrain', arc }, datasetDir, checkpointDir: join(root, 'ck-retrain') });
    expect(run.code, run.stderr).toBe(0);
    const results = ofType(run.messages, 'finished')[0]?.results ?? {};
    expect(results['retrain/test-accuracy']).toBeGreaterThanOrEqual(0);
    expect(results['retrain/test-accuracy']).toBeLessThanOrEqual(1);
    const child = config.retrain.child;
    if (child.space !== 'nb201') throw new Error('expected an nb201 retrain child');
    const fixed = createFixedNb201Network({
      arc: createSearchSpace({ space: 'nb201' }).parse(arc),
      child,
      input: { height: 8, width: 8, channels: 1, numClasses: 4 },
      prng: createPrng(1),
    });
    expect(results['retrain/param-count']).toBe(fixed.paramCount());
    fixed.dispose();
  }, 120_000);
});
