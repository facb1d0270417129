/**
 * Retraining a derived architecture from scratch through the trainer process: it trains the fixed network,
 * reports the test accuracy, and a `stop` takes effect between batches (not at the end of the epoch).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../src/shared/config/run';
import { writeSyntheticImageDataset } from '../fixtures/synthetic-image-dataset';
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
});
