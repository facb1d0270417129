/**
 * The real files: Debian's Fashion-MNIST (60,000 + 10,000, labels 0–9; skipped with a message where the
 * dataset-fashion-mnist package is not installed), and the two embedded defaults in resources/datasets,
 * whose sizes must match what resources/datasets/README.md promises.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../src/shared/dataset';
import { createHarness } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';

const DEBIAN = '/usr/share/datasets/fashion-mnist';
const RESOURCES = join(import.meta.dirname, '..', '..', 'resources', 'datasets');
const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function labelsOf(summary: DatasetSummary, split: 'train' | 'valid' | 'test'): Promise<Uint8Array> {
  if (summary.manifest.kind !== 'image') throw new Error('expected images');
  const file = summary.manifest.splits[split]?.labels;
  if (!file) throw new Error(`no ${split} split`);
  return new Uint8Array(await readFile(join(h.dataDir, summary.directory, file)));
}

const debian = existsSync(DEBIAN);
if (!debian) {
  console.warn(`dataset-fashion-mnist test skipped: ${DEBIAN} is absent (apt-get install dataset-fashion-mnist)`);
}

describe('Debian Fashion-MNIST', () => {
  it.skipIf(!debian)('imports the real gzip IDX files: 60,000 + 10,000 images, labels 0-9, 6,000 and 1,000 per class', async () => {
    const summary = await h.importer.importDataset({ path: DEBIAN, name: 'Fashion-MNIST', options: { classNames: FASHION_CLASSES } });
    expect(summary.manifest.kind === 'image' && summary.manifest.splits).toMatchObject({
      train: { count: 55_000 },
      valid: { count: 5000 },
      test: { count: 10_000 },
    });
    const train = [...(await labelsOf(summary, 'train')), ...(await labelsOf(summary, 'valid'))];
    const test = await labelsOf(summary, 'test');
    expect(Math.max(...train, ...test)).toBe(9);
    expect(Math.min(...train, ...test)).toBe(0);
    const perClass = (labels: Iterable<number>): number[] => {
      const counts = new Array<number>(10).fill(0);
      for (const l of labels) counts[l]! += 1;
      return counts;
    };
    expect(perClass(train)).toEqual(new Array(10).fill(6000));
    expect(perClass(test)).toEqual(new Array(10).fill(1000));
  });
});

describe('embedded defaults', () => {
  it('imports the Fashion-MNIST subset: 6,000 + 1,000 images, class-balanced, with its licence beside it', async () => {
    const dir = join(RESOURCES, 'fashion-mnist-subset');
    expect(await readFile(join(dir, 'COPYRIGHT'), 'utf8')).toMatch(/Copyright: 2017, Zalando SE[\s\S]*License: Expat/);
    const summary = await h.importer.importDataset({ path: dir, options: { classNames: FASHION_CLASSES } });
    expect(summary.manifest.kind === 'image' && summary.manifest.splits).toMatchObject({ train: { count: 5400 }, valid: { count: 600 }, test: { count: 1000 } });
    expect(summary.preview.kind === 'image' && summary.preview.classCounts.test).toEqual(new Array(10).fill(100));
    expect(summary.manifest.kind === 'image' && summary.manifest.classNames[9]).toBe('Ankle boot');
  });

  it('imports the Austen corpus in the PTB layout with the token counts its README states', async () => {
    const dir = join(RESOURCES, 'austen-ptb');
    expect(await readFile(join(dir, 'COPYRIGHT'), 'utf8')).toMatch(/Upstream-Name: janeaustenr[\s\S]*License: MIT/);
    const summary = await h.importer.importDataset({ path: dir });
    expect(summary.manifest.kind === 'text' && summary.manifest.splits).toMatchObject({
      train: { lines: 7237, tokens: 165_478 },
      valid: { lines: 1449, tokens: 28_568 },
      test: { lines: 1126, tokens: 21_452 },
    });
    expect(summary.manifest.kind === 'text' && summary.manifest.vocabSize).toBe(7600);
    expect(summary.preview).toMatchObject({ kind: 'text', sample: expect.stringMatching(/^it is a truth universally acknowledged/) });
  });
});
