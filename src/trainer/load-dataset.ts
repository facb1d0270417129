/**
 * Reads a normalised dataset (the import pipeline's output, src/shared/dataset.ts) into memory: the manifest
 * parsed with its schema, raw uint8 images and labels wrapped without a copy, token ids as Int32Array.
 * Every size is checked against the manifest before use, so a truncated file is an error, not garbage.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetManifestSchema } from '../shared/dataset';
import type { ImageManifest, TextManifest } from '../shared/dataset';
import { EnasError } from '../shared/errors';
import type { ImageSplit } from '../core/search/image-split';

export type LoadedDataset =
  | { kind: 'image'; manifest: ImageManifest; train: ImageSplit; valid: ImageSplit; test: ImageSplit | null }
  | { kind: 'text'; manifest: TextManifest; vocab: string[]; train: Int32Array; valid: Int32Array; test: Int32Array };

export async function loadDataset(dir: string): Promise<LoadedDataset> {
  const manifestPath = join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (err) {
    throw new EnasError('SEARCH_BAD_DATA', `${manifestPath}: cannot read the dataset manifest (${messageOf(err)})`);
  }
  const parsed = datasetManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EnasError('SEARCH_BAD_DATA', `${manifestPath}: not a dataset manifest (${parsed.error.issues[0]?.message})`);
  }
  const manifest = parsed.data;
  if (manifest.kind === 'image') {
    const read = async (split: { count: number; images: string; labels: string }, name: string): Promise<ImageSplit> => {
      const pixels = manifest.height * manifest.width * manifest.channels;
      const images = await readExact(join(dir, split.images), split.count * pixels, `${name} images`);
      const labels = await readExact(join(dir, split.labels), split.count, `${name} labels`);
      const numClasses = manifest.classNames.length;
      const bad = labels.findIndex((l) => l >= numClasses);
      if (bad >= 0) {
        throw new EnasError('SEARCH_BAD_DATA', `${split.labels}: label ${labels[bad]} at ${bad} is not below ${numClasses}`);
      }
      return { images, labels, count: split.count, height: manifest.height, width: manifest.width, channels: manifest.channels };
    };
    return {
      kind: 'image',
      manifest,
      train: await read(manifest.splits.train, 'train'),
      valid: await read(manifest.splits.valid, 'valid'),
      test: manifest.splits.test ? await read(manifest.splits.test, 'test') : null,
    };
  }
  const vocab: unknown = JSON.parse(await readFile(join(dir, manifest.vocab), 'utf8'));
  if (!Array.isArray(vocab) || vocab.length !== manifest.vocabSize || !vocab.every((w) => typeof w === 'string')) {
    throw new EnasError('SEARCH_BAD_DATA', `${manifest.vocab}: expected ${manifest.vocabSize} words`);
  }
  const tokens = async (split: { tokens: number; file: string }): Promise<Int32Array> => {
    const bytes = await readExact(join(dir, split.file), split.tokens * 4, split.file);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Int32Array(split.tokens);
    for (let i = 0; i < split.tokens; i++) {
      const id = view.getUint32(i * 4, true);
      if (id >= manifest.vocabSize) throw new EnasError('SEARCH_BAD_DATA', `${split.file}: token id ${id} at ${i} is not in the vocabulary`);
      out[i] = id;
    }
    return out;
  };
  return {
    kind: 'text',
    manifest,
    vocab: vocab as string[],
    train: await tokens(manifest.splits.train),
    valid: await tokens(manifest.splits.valid),
    test: await tokens(manifest.splits.test),
  };
}

async function readExact(path: string, bytes: number, what: string): Promise<Uint8Array> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new EnasError('SEARCH_BAD_DATA', `${path}: cannot read ${what} (${messageOf(err)})`);
  }
  if (data.length !== bytes) {
    throw new EnasError('SEARCH_BAD_DATA', `${path}: ${what} should be ${bytes} bytes, got ${data.length}`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
