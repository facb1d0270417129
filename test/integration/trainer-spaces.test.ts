/**
 * The macro and rnn spaces end to end through the trainer process (the micro space has its own file): a tiny
 * seeded search runs, trains the shared weights, scores architectures and derives the best ones.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../src/shared/config/presets';
import { runConfigSchema } from '../../src/shared/config/run';
import { writeSyntheticImageDataset } from '../fixtures/synthetic-image-dataset';
import { writeSyntheticTextDataset } from '../fixtures/synthetic-text-dataset';
import { ofType, runTrainer } from '../fixtures/run-trainer';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'enas-spaces-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('tiny searches of the other spaces', () => {
  it('searches a macro network: losses fall, every scored sample is an accuracy, derive ranks them', async () => {
    const datasetDir = join(root, 'images');
    writeSyntheticImageDataset(datasetDir, { count: 600, validCount: 100, testCount: 100, size: 8, classes: 4, seed: 5 });
    const base = resolvePreset({ preset: 'quick', space: 'macro', strategy: 'enas', backend: 'cpu', seed: 3 });
    const config = runConfigSchema.parse({
      ...base,
      preset: 'custom',
      dataset: 'synthetic',
      space: { space: 'macro', numLayers: 3, numBranches: 6 },
      child: { ...base.child, outFilters: 8, keepProb: 1, lrT0: 2, lrTMul: 1 },
      strategy: base.strategy.strategy === 'enas' ? { strategy: 'enas', controller: { ...base.strategy.controller, lstmSize: 16, trainSteps: 2, numAggregate: 3 } } : base.strategy,
      search: { ...base.search, epochs: 2, batchSize: 32, childStepsPerEpoch: 16, rewardBatchSize: 50, deriveSamples: 3, deriveTopK: 2, deriveBatchSize: 100 },
    });
    const run = await runTrainer({ config, datasetDir, checkpointDir: join(root, 'ck-macro') });
    expect(run.code, run.stderr).toBe(0);
    const ce = ofType(run.messages, 'step-metrics').flatMap((m) => (m.metrics['child/cross-entropy'] === undefined ? [] : [m.metrics['child/cross-entropy']]));
    // 8 channels and 16 steps per epoch (it was 4 and 8): at that size the loss of either form of the macro
    // supernet fell for some seeds only; at 8 channels over 32 steps it fell for each of 6 seeds tried, in both.
    expect(ce).toHaveLength(32);
    expect(mean(ce.slice(-4))).toBeLessThan(mean(ce.slice(0, 4)));
    const scored = ofType(run.messages, 'architecture-sampled').filter((s) => s.phase === 'controller');
    expect(scored).toHaveLength(12);
    for (const s of scored) expect(s.validScore).toBeGreaterThanOrEqual(0);
    expect(ofType(run.messages, 'derived')[0]?.architectures.length).toBeGreaterThan(0);
  }, 120_000);

  it('searches an rnn cell: perplexity falls below the unigram baseline, rewards are rewardC / perplexity', async () => {
    const datasetDir = join(root, 'text');
    writeSyntheticTextDataset(datasetDir, { train: 6000, valid: 1500, test: 1500 });
    const base = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'enas', backend: 'cpu', seed: 2 });
    const config = runConfigSchema.parse({
      ...base,
      preset: 'custom',
      dataset: 'synthetic',
      space: { space: 'rnn', numNodes: 3, numActivations: 4 },
      child: { ...base.child, hiddenSize: 16, bpttSteps: 10, lrT0: 2, lrTMul: 1 },
      strategy: base.strategy.strategy === 'enas' ? { strategy: 'enas', controller: { ...base.strategy.controller, lstmSize: 16, trainSteps: 2, numAggregate: 3 } } : base.strategy,
      search: { ...base.search, epochs: 2, batchSize: 8, childStepsPerEpoch: 30, rewardBatchSize: 2, deriveSamples: 3, deriveTopK: 2, deriveBatchSize: 4 },
    });
    const run = await runTrainer({ config, datasetDir, checkpointDir: join(root, 'ck-rnn') });
    expect(run.code, run.stderr).toBe(0);
    const ppl = ofType(run.messages, 'step-metrics').flatMap((m) => (m.metrics['child/perplexity'] === undefined ? [] : [m.metrics['child/perplexity']]));
    expect(ppl).toHaveLength(60);
    expect(mean(ppl.slice(-5))).toBeLessThan(mean(ppl.slice(0, 5)));
    // The unigram baseline, computed from the training tokens themselves: a model that learned nothing about
    // order cannot do better than this.
    const bytes = readFileSync(join(datasetDir, 'train.tokens.u32'));
    const counts = new Map<number, number>();
    for (let i = 0; i < bytes.length; i += 4) counts.set(bytes.readUInt32LE(i), (counts.get(bytes.readUInt32LE(i)) ?? 0) + 1);
    const n = bytes.length / 4;
    const unigram = Math.exp(-[...counts.values()].reduce((h, c) => h + (c / n) * Math.log(c / n), 0));
    const derivedPpl = ofType(run.messages, 'derived')[0]?.architectures[0]?.score ?? NaN;
    expect(derivedPpl).toBeLessThan(unigram);
    const scored = ofType(run.messages, 'architecture-sampled').filter((s) => s.phase === 'controller');
    for (const s of scored) expect(s.reward).toBeCloseTo(config.search.rewardC / (s.validScore ?? NaN), 6);
    const derived = ofType(run.messages, 'derived')[0];
    const scores = derived?.architectures.map((a) => a.score) ?? [];
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  }, 120_000);
});
