/**
 * Retraining a derived architecture from scratch through the trainer process: it trains the fixed network,
 * reports the test accuracy (images) or test perplexity (an rnn cell on text), and a `stop` takes effect
 * between batches (not at the end of the epoch).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../src/shared/config/presets';
import { runConfigSchema } from '../../src/shared/config/run';
import { writeSyntheticImageDataset } from '../fixtures/synthetic-image-dataset';
import { writeSyntheticTextDataset } from '../fixtures/synthetic-text-dataset';
import { tinySearchConfig } from '../fixtures/tiny-search-config';
import { ofType, runTrainer } from '../fixtures/run-trainer';

let root: string;
let datasetDir: string;
// A valid micro arc for numNodes 2: per node `in1 op1 in2 op2`, normal cell then reduction cell.
const ARC = '0 0 1 2 2 1 0 4 1 3 0 0 2 4 1 1';
const config = runConfigSchema.parse({ ...tinySearchConfig(), retrain: { ...tinySearchConfig().retrain, epochs: 2, batchSize: 50 } });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'enas-retrain-'));
  datasetDir = join(root, 'data');
  writeSyntheticImageDataset(datasetDir, { count: 400, validCount: 100, testCount: 200, size: 8, classes: 4, seed: 4 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('retraining an architecture through the trainer', () => {
  it('trains every batch of every epoch and reports a test accuracy', async () => {
    const run = await runTrainer({ config, job: { kind: 'retrain', arc: ARC }, datasetDir, checkpointDir: join(root, 'a') });
    expect(run.code, run.stderr).toBe(0);
    // 400 + 100 images (train and valid together), batches of 50: 10 steps per epoch.
    const steps = ofType(run.messages, 'step-metrics').filter((m) => 'retrain/loss' in m.metrics);
    expect(steps.map((m) => m.step)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const finished = ofType(run.messages, 'finished')[0];
    expect(finished?.stopped).toBe(false);
    const accuracy = finished?.results['retrain/test-accuracy'];
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    expect(finished?.results['retrain/param-count']).toBeGreaterThan(0);
  }, 120_000);

  it('stops between batches when asked, with a checkpoint to resume from', async () => {
    const run = await runTrainer({
      config,
      job: { kind: 'retrain', arc: ARC },
      datasetDir,
      checkpointDir: join(root, 'b'),
      stopWhen: (m) => m.type === 'step-metrics' && m.step === 1,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(ofType(run.messages, 'finished')[0]?.stopped).toBe(true);
    const steps = ofType(run.messages, 'step-metrics').filter((m) => 'retrain/loss' in m.metrics);
    // Without a turn of the event loop between batches the stop would only be read at the epoch's end (step 9).
    expect(steps.length).toBeLessThanOrEqual(4);
    expect(ofType(run.messages, 'checkpoint-written').length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('retrains an rnn cell on text: the fixed language model beats the unigram perplexity on the test split', async () => {
    const textDir = join(root, 'text');
    const counts = { train: 6000, valid: 1200, test: 1200 };
    writeSyntheticTextDataset(textDir, counts);
    const base = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'enas', backend: 'cpu', seed: 3 });
    const rnnConfig = runConfigSchema.parse({
      ...base,
      preset: 'custom',
      dataset: 'synthetic',
      space: { space: 'rnn', numNodes: 3, numActivations: 4 },
      retrain: { epochs: 2, batchSize: 8, child: { ...base.retrain.child, hiddenSize: 16, bpttSteps: 10, lrT0: 2, lrTMul: 1 } },
    });
    // Node 0 tanh, node 1 reads node 0 with ReLU, node 2 reads node 0 with identity: loose ends 1 and 2.
    const run = await runTrainer({ config: rnnConfig, job: { kind: 'retrain', arc: '0 0 1 0 2' }, datasetDir: textDir, checkpointDir: join(root, 'c') });
    expect(run.code, run.stderr).toBe(0);
    // 6,000 tokens in 8 rows of 750: ⌊749 / 10⌋ = 74 windows per epoch.
    const steps = ofType(run.messages, 'step-metrics').filter((m) => 'retrain/perplexity' in m.metrics);
    expect(steps.map((m) => m.step)).toEqual(Array.from({ length: 148 }, (_, i) => i));
    const validPerEpoch = ofType(run.messages, 'epoch-ended').map((e) => e.metrics['retrain/valid-perplexity']);
    expect(validPerEpoch).toHaveLength(2);
    const finished = ofType(run.messages, 'finished')[0];
    expect(finished?.stopped).toBe(false);
    // The grammar's sentences are 5 tokens from 12 words; a model blind to order scores the unigram perplexity.
    const unigram = unigramPerplexity(join(textDir, 'train.tokens.u32'));
    expect(finished?.results['retrain/test-perplexity']).toBeLessThan(0.7 * unigram);
    // The reported baseline is add-one smoothed over 12 words: a little above the exact entropy's.
    expect(finished?.results['retrain/unigram-test-perplexity']).toBeGreaterThan(unigram * 0.95);
    expect(finished?.results['retrain/unigram-test-perplexity']).toBeLessThan(unigram * 1.1);
    expect(finished?.results['retrain/param-count']).toBeGreaterThan(0);
  }, 120_000);
});

/** exp of the entropy of the token frequencies in a normalised token file. */
function unigramPerplexity(file: string): number {
  const bytes = readFileSync(file);
  const counts = new Map<number, number>();
  for (let i = 0; i < bytes.length; i += 4) counts.set(bytes.readUInt32LE(i), (counts.get(bytes.readUInt32LE(i)) ?? 0) + 1);
  const n = bytes.length / 4;
  return Math.exp(-[...counts.values()].reduce((h, c) => h + (c / n) * Math.log(c / n), 0));
}
