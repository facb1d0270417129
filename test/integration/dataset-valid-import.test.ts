/**
 * docs/reliability.md T3.3: valid imports in the real layouts, generated at test time. CIFAR-10 as five
 * 10000 × 3073 batches plus test_batch (and as a .tar.gz), MNIST-shaped IDX raw and gzip (60000 / 10000),
 * an image folder and a PTB corpus: exact counts, labels in range, and known pixels / tokens found at the
 * place the normalised format says (src/shared/dataset.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationMask } from '../../src/core/data/validation-split';
import { createPrng } from '../../src/core/random/prng';
import type { DatasetImportProgress, DatasetSummary, ImageManifest, TextManifest } from '../../src/shared/dataset';
import { cifarFile, idxImagesFile, idxLabelsFile, jpegFile, pngFile, tarArchive, writeTree } from '../fixtures/datasets/generators';
import { createHarness, leftovers } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';
import { NAMES } from '../fixtures/datasets/idx-folders';

const R = 3073;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function readSplit(summary: DatasetSummary, file: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(h.dataDir, summary.directory, file)));
}

function imageManifest(summary: DatasetSummary): ImageManifest {
  if (summary.manifest.kind !== 'image') throw new Error('expected an image dataset');
  return summary.manifest;
}

/** Where example `index` of the training source went: [split, position in that split]. */
function placeOf(mask: Uint8Array, index: number): ['train' | 'valid', number] {
  let before = 0;
  for (let i = 0; i < index; i++) if (mask[i] === mask[index]) before++;
  return [mask[index] === 1 ? 'valid' : 'train', before];
}

describe('CIFAR-10 in its real layout', () => {
  it('imports five 10000-record batches and test_batch with exact counts, labels and pixels', async () => {
    const prng = createPrng(100);
    const dir = join(h.inputs, 'cifar', 'cifar-10-batches-bin');
    const batches = Array.from({ length: 5 }, () => cifarFile(prng, 10_000));
    const test = cifarFile(prng, 10_000);
    await writeTree(dir, {
      'batches.meta.txt': 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n',
      ...Object.fromEntries(batches.map((b, i) => [`data_batch_${i + 1}.bin`, b])),
      'test_batch.bin': test,
      'readme.html': '<p>ignored</p>',
    });
    const progress: DatasetImportProgress[] = [];
    const summary = await h.importer.importDataset({ path: join(h.inputs, 'cifar'), options: { seed: 9 } }, { onProgress: (p) => progress.push(p) });
    const m = imageManifest(summary);
    expect(summary.format).toBe('cifar10');
    expect([m.splits.train.count, m.splits.valid.count, m.splits.test?.count]).toEqual([45_000, 5000, 10_000]);
    expect([m.height, m.width, m.channels]).toEqual([32, 32, 3]);
    expect(m.classNames[9]).toBe('truck');
    expect(m.validation).toEqual({ from: 'train', seed: 9, count: 5000 });

    const trainLabels = await readSplit(summary, m.splits.train.labels);
    const validLabels = await readSplit(summary, m.splits.valid.labels);
    const testLabels = await readSplit(summary, m.splits.test!.labels);
    expect([trainLabels.length, validLabels.length, testLabels.length]).toEqual([45_000, 5000, 10_000]);
    expect([...trainLabels, ...validLabels, ...testLabels].every((l) => l < 10)).toBe(true);

    // Known pixels: (row 5, col 7) of every channel, for records spread over all batches and both splits.
    const mask = validationMask(50_000, 5000, 9);
    const train = await readSplit(summary, m.splits.train.images);
    const valid = await readSplit(summary, m.splits.valid.images);
    for (const index of [0, 1, 9_999, 10_000, 23_456, 49_999, ...Array.from({ length: 20 }, (_, k) => k * 2467)]) {
      const src = batches[Math.floor(index / 10_000)]!;
      const r = index % 10_000;
      const [split, at] = placeOf(mask, index);
      const images = split === 'train' ? train : valid;
      const labels = split === 'train' ? trainLabels : validLabels;
      expect(labels[at]).toBe(src[r * R]);
      for (let c = 0; c < 3; c++) {
        expect(images[((at * 32 + 5) * 32 + 7) * 3 + c]).toBe(src[r * R + 1 + c * 1024 + 5 * 32 + 7]);
      }
    }
    const testImages = await readSplit(summary, m.splits.test!.images);
    expect(testImages[((9_999 * 32 + 31) * 32 + 31) * 3 + 2]).toBe(test[9_999 * R + 1 + 2048 + 1023]);
    expect(testLabels[1234]).toBe(test[1234 * R]);

    const counts = summary.preview.kind === 'image' ? summary.preview.classCounts : undefined;
    expect(counts?.train.reduce((a, b) => a + b, 0)).toBe(45_000);
    expect(counts?.test?.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(summary.preview.kind === 'image' && summary.preview.samples.map((s) => s.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const last = progress.filter((p) => p.unit === 'records' && p.file.endsWith('data_batch_5.bin')).at(-1);
    expect(last).toMatchObject({ done: 10_000, total: 10_000 });
  });

  it('imports the downloaded .tar.gz the same way', async () => {
    const prng = createPrng(101);
    const batch = cifarFile(prng, 10_000);
    const test = cifarFile(prng, 1000);
    const archive = tarArchive([
      { name: 'cifar-10-batches-bin/', data: new Uint8Array(0) },
      { name: 'cifar-10-batches-bin/data_batch_1.bin', data: batch },
      { name: 'cifar-10-batches-bin/test_batch.bin', data: test },
    ]);
    await writeTree(h.inputs, { 'cifar-10-binary.tar.gz': gzipSync(archive, { level: 1 }) });
    const summary = await h.importer.importDataset({ path: join(h.inputs, 'cifar-10-binary.tar.gz'), options: { validationSize: 1000 } });
    const m = imageManifest(summary);
    expect([m.splits.train.count, m.splits.valid.count, m.splits.test?.count]).toEqual([9000, 1000, 1000]);
    const testImages = await readSplit(summary, m.splits.test!.images);
    expect(testImages[((500 * 32 + 3) * 32 + 4) * 3 + 1]).toBe(test[500 * R + 1 + 1024 + 3 * 32 + 4]);
  });

  it('imports CIFAR-100 with coarse labels when asked', async () => {
    const prng = createPrng(102);
    const train = cifarFile(prng, 200, 'cifar100');
    await writeTree(join(h.inputs, 'c100'), { 'train.bin': train, 'test.bin': cifarFile(prng, 50, 'cifar100') });
    const summary = await h.importer.importDataset({ path: join(h.inputs, 'c100'), options: { cifar100Label: 'coarse', validationSize: 20 } });
    const m = imageManifest(summary);
    expect(summary.format).toBe('cifar100');
    expect(m.classNames).toHaveLength(20);
    const labels = [...(await readSplit(summary, m.splits.train.labels)), ...(await readSplit(summary, m.splits.valid.labels))];
    expect(labels.every((l) => l < 20)).toBe(true);
    expect(labels.reduce((a, b) => a + b, 0)).toBe(Array.from({ length: 200 }, (_, r) => train[r * 3074]!).reduce((a, b) => a + b, 0));
  });
});

describe('MNIST-shaped IDX files', () => {
  it.each([false, true])('imports 60000 + 10000 images (gzip: %s) with exact counts, labels and pixels', async (gz) => {
    const prng = createPrng(200);
    const files = {
      trainImages: idxImagesFile(prng, 60_000),
      trainLabels: idxLabelsFile(prng, 60_000),
      testImages: idxImagesFile(prng, 10_000),
      testLabels: idxLabelsFile(prng, 10_000),
    };
    const dir = join(h.inputs, `mnist-${gz}`);
    await writeTree(dir, Object.fromEntries(Object.entries(files).map(([role, bytes]) => [
      `${NAMES[role as keyof typeof NAMES]}${gz ? '.gz' : ''}`,
      gz ? gzipSync(bytes, { level: 1 }) : bytes,
    ])));
    const summary = await h.importer.importDataset({ path: dir });
    const m = imageManifest(summary);
    expect(summary.format).toBe('idx');
    expect([m.splits.train.count, m.splits.valid.count, m.splits.test?.count]).toEqual([55_000, 5000, 10_000]);
    expect([m.height, m.width, m.channels]).toEqual([28, 28, 1]);
    const mask = validationMask(60_000, 5000, 0);
    const train = await readSplit(summary, m.splits.train.images);
    const valid = await readSplit(summary, m.splits.valid.images);
    const trainLabels = await readSplit(summary, m.splits.train.labels);
    expect(trainLabels.every((l) => l < 10)).toBe(true);
    for (const index of [0, 59_999, 31_337, 12_345]) {
      const [split, at] = placeOf(mask, index);
      const images = split === 'train' ? train : valid;
      expect(images[at * 784 + 14 * 28 + 9]).toBe(files.trainImages[16 + index * 784 + 14 * 28 + 9]);
    }
    const test = await readSplit(summary, m.splits.test!.images);
    expect(test[9_999 * 784 + 783]).toBe(files.testImages[16 + 9_999 * 784 + 783]);
  });
});

describe('an image folder and a text corpus', () => {
  it('resizes images to the chosen size, keeps class order, and previews a sample per class', async () => {
    const dir = join(h.inputs, 'shapes');
    await writeTree(dir, {
      'red/a.png': pngFile(40, 20, [255, 0, 0]),
      'red/b.jpg': jpegFile(16, 16, [250, 0, 0]),
      'blue/a.png': pngFile(8, 8, [0, 0, 255]),
      'blue/nested/b.png': pngFile(64, 64, [0, 0, 255]),
      'green/a.png': pngFile(3, 5, [0, 255, 0]),
    });
    const summary = await h.importer.importDataset({ path: dir, options: { imageSize: 6, validationSize: 1, seed: 3 } });
    const m = imageManifest(summary);
    expect(summary.format).toBe('image-folder');
    expect(m.classNames).toEqual(['blue', 'green', 'red']);
    expect([m.height, m.width, m.channels, m.splits.train.count + m.splits.valid.count]).toEqual([6, 6, 3, 5]);
    // Every one of them had another size: the manifest says which, the largest first among equal counts.
    expect(m.resized).toEqual({
      to: { width: 6, height: 6 },
      images: 5,
      from: [
        { width: 64, height: 64, images: 1 },
        { width: 40, height: 20, images: 1 },
        { width: 16, height: 16, images: 1 },
        { width: 8, height: 8, images: 1 },
        { width: 3, height: 5, images: 1 },
      ],
    });
    // Solid-colour images stay their colour through decode and area resize (JPEG within its loss).
    const colours: [number, number, number][] = [[0, 0, 255], [0, 255, 0], [250, 0, 0]];
    const samples = summary.preview.kind === 'image' ? summary.preview.samples : [];
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (const s of samples) {
      expect(s.pixels).toHaveLength(6 * 6 * 3);
      for (let i = 0; i < 36; i++) {
        for (let c = 0; c < 3; c++) expect(Math.abs(s.pixels[3 * i + c]! - colours[s.label]![c]!)).toBeLessThanOrEqual(8);
      }
    }
    const grey = await h.importer.importDataset({ path: dir, options: { imageSize: 4, channels: 1, validationSize: 1 } });
    expect(imageManifest(grey).channels).toBe(1);
    const greyPixels = await readSplit(grey, imageManifest(grey).splits.train.images);
    expect(greyPixels.length).toBe(4 * 16);
  });

  it('imports a PTB folder: vocabulary on train, <unk> beyond maxVocab, <eos> after every line', async () => {
    const dir = join(h.inputs, 'ptb');
    await writeTree(dir, {
      'train.txt': ' the cat sat on the mat \n the dog sat \n',
      'valid.txt': 'the cat ran\n',
      'test.txt': 'a bird sat\n',
    });
    const summary = await h.importer.importDataset({ path: dir, options: { maxVocab: 5 } });
    const m = summary.manifest as TextManifest;
    const vocab = JSON.parse(await readFile(join(h.dataDir, summary.directory, m.vocab), 'utf8')) as string[];
    expect(vocab).toEqual(['<eos>', '<unk>', 'the', 'sat', 'cat']);
    const ids = new Uint32Array((await readSplit(summary, m.splits.train.file)).slice().buffer);
    expect(Array.from(ids)).toEqual([2, 4, 3, 1, 2, 1, 0, 2, 1, 3, 0]);
    expect(m.splits.train).toMatchObject({ tokens: 11, lines: 2, unknown: 3 });
    expect(m.splits.test).toMatchObject({ tokens: 4, lines: 1, unknown: 2 });
    expect(summary.preview).toMatchObject({ kind: 'text', sample: 'the cat sat <unk> the <unk>\nthe <unk> sat' });
  });

  it('cuts one text file by ratio, in order', async () => {
    await writeFile(join(h.inputs, 'story.txt'), Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n'));
    const summary = await h.importer.importDataset({ path: join(h.inputs, 'story.txt'), options: { splitRatios: [0.5, 0.25, 0.25] } });
    const m = summary.manifest as TextManifest;
    expect([m.splits.train.lines, m.splits.valid.lines, m.splits.test.lines]).toEqual([10, 5, 5]);
    expect(m.validation).toEqual({ from: 'ratio', ratios: [0.5, 0.25, 0.25] });
  });

  it('registered every import above and left no staging folder', async () => {
    expect(h.registered.length).toBeGreaterThanOrEqual(9);
    expect((await leftovers(h.dataDir)).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });
});
