/**
 * The preview of an imported dataset, read back from its normalised files (src/shared/dataset.ts), so any
 * dataset in the store can be previewed, not only the one just imported: an image dataset gives the
 * per-class counts of every split (from its label files) and the first `perClass` training images of each
 * class; a corpus gives the first lines of train and its most frequent words. Reads are bounded: labels are
 * one byte per image (the importer caps images at 1,000,000), images are read one by one at their offset.
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataError } from '../../core/data/data-error';
import { datasetManifestSchema } from '../../shared/dataset';
import type { DatasetPreview, ImageManifest, ImageSample, TextManifest } from '../../shared/dataset';
import { unreadable } from './file-errors';

/** Most images in one preview, whatever `perClass` × classes (CIFAR-100 has 100 classes). */
const MAX_SAMPLES = 48;
/** Lines of a corpus shown. */
const SAMPLE_LINES = 5;
const TOP_WORDS = 12;

async function readWhole(path: string, name: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw await unreadable(err, path, name);
  }
}

function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) if (label < numClasses) counts[label]! += 1;
  return counts;
}

async function imagePreview(dir: string, name: string, manifest: ImageManifest, perClass: number): Promise<DatasetPreview> {
  const numClasses = manifest.classNames.length;
  const { train, valid, test } = manifest.splits;
  const trainLabels = await readWhole(join(dir, train.labels), `${name}/${train.labels}`);
  const counts = {
    train: classCounts(trainLabels, numClasses),
    valid: classCounts(await readWhole(join(dir, valid.labels), `${name}/${valid.labels}`), numClasses),
    ...(test === undefined ? {} : { test: classCounts(await readWhole(join(dir, test.labels), `${name}/${test.labels}`), numClasses) }),
  };
  const wanted = Math.max(1, Math.min(perClass, Math.floor(MAX_SAMPLES / numClasses)));
  const taken = new Array<number>(numClasses).fill(0);
  const picks: number[] = [];
  for (let i = 0; i < trainLabels.length && picks.length < MAX_SAMPLES; i++) {
    const label = trainLabels[i]!;
    if (label < numClasses && taken[label]! < wanted) {
      taken[label]! += 1;
      picks.push(i);
    }
  }
  const size = manifest.height * manifest.width * manifest.channels;
  const samples: ImageSample[] = [];
  const imagesPath = join(dir, train.images);
  const handle = await open(imagesPath, 'r').catch(async (err: unknown) => {
    throw await unreadable(err, imagesPath, `${name}/${train.images}`);
  });
  try {
    for (const index of picks) {
      const pixels = new Uint8Array(size);
      const { bytesRead } = await handle.read(pixels, 0, size, index * size);
      if (bytesRead !== size) throw dataError('DATASET_UNREADABLE', `${name}/${train.images}`, `is shorter than its manifest says (image ${index} is cut off)`);
      samples.push({ label: trainLabels[index]!, height: manifest.height, width: manifest.width, channels: manifest.channels, pixels: Array.from(pixels) });
    }
  } finally {
    await handle.close();
  }
  samples.sort((a, b) => a.label - b.label);
  return { kind: 'image', classCounts: counts, samples };
}

async function textPreview(dir: string, name: string, manifest: TextManifest): Promise<DatasetPreview> {
  const vocabText = new TextDecoder().decode(await readWhole(join(dir, manifest.vocab), `${name}/${manifest.vocab}`));
  const vocabulary: unknown = JSON.parse(vocabText);
  if (!Array.isArray(vocabulary) || !vocabulary.every((w) => typeof w === 'string')) {
    throw dataError('DATASET_UNREADABLE', `${name}/${manifest.vocab}`, 'is not a JSON array of words');
  }
  const words = vocabulary as string[];
  const raw = await readWhole(join(dir, manifest.splits.train.file), `${name}/${manifest.splits.train.file}`);
  const ids = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const total = Math.floor(raw.byteLength / 4);
  const counts = new Array<number>(words.length).fill(0);
  const lines: string[] = [];
  let line: string[] = [];
  for (let i = 0; i < total; i++) {
    const id = ids.getUint32(i * 4, true);
    if (id < words.length) counts[id]! += 1;
    if (lines.length < SAMPLE_LINES) {
      const word = words[id] ?? manifest.unk;
      if (word === manifest.eos) {
        lines.push(line.join(' '));
        line = [];
      } else {
        line.push(word);
      }
    }
  }
  const topWords = words
    .map((w, id) => [w, counts[id]!] as [string, number])
    .filter(([w]) => w !== manifest.eos && w !== manifest.unk)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_WORDS);
  return { kind: 'text', sample: lines.join('\n'), topWords };
}

/**
 * The preview of the dataset whose folder is `dir` (from the store's row, never from a request), named
 * `name` in errors.
 */
export async function readDatasetPreview(dir: string, name: string, perClass: number): Promise<DatasetPreview> {
  const manifestText = new TextDecoder().decode(await readWhole(join(dir, 'manifest.json'), `${name}/manifest.json`));
  let parsed;
  try {
    parsed = datasetManifestSchema.safeParse(JSON.parse(manifestText));
  } catch {
    throw dataError('DATASET_UNREADABLE', `${name}/manifest.json`, 'is not JSON');
  }
  if (!parsed.success) throw dataError('DATASET_UNREADABLE', `${name}/manifest.json`, 'does not match the enas-dataset manifest (version 1)');
  const manifest = parsed.data;
  return manifest.kind === 'image' ? imagePreview(dir, name, manifest, perClass) : textPreview(dir, name, manifest);
}
