import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetRecord, ImageManifest, TextManifest } from '../../shared/dataset';
import { openTempStore } from '../../store/temp-store';
import type { TempStore } from '../../store/temp-store';
import { storeDatasetRegistry, summaryOfManifest } from './store-registry';

const base = { format: 'enas-dataset', version: 1, validation: { from: 'source' } } as const;

const image: ImageManifest = {
  ...base,
  name: 'fashion',
  source: { format: 'idx', path: '/data/fashion' },
  kind: 'image',
  height: 28,
  width: 28,
  channels: 1,
  classNames: ['T-shirt/top', 'Trouser'],
  splits: {
    train: { count: 5400, images: 'train.images.u8', labels: 'train.labels.u8' },
    valid: { count: 600, images: 'valid.images.u8', labels: 'valid.labels.u8' },
  },
};

const text: TextManifest = {
  ...base,
  name: 'austen',
  source: { format: 'text', path: '/data/austen' },
  kind: 'text',
  vocab: 'vocab.json',
  vocabSize: 7600,
  eos: '<eos>',
  unk: '<unk>',
  splits: {
    train: { tokens: 165_478, lines: 7237, unknown: 0, file: 'train.tokens.u32' },
    valid: { tokens: 28_568, lines: 1449, unknown: 12, file: 'valid.tokens.u32' },
    test: { tokens: 21_452, lines: 1126, unknown: 9, file: 'test.tokens.u32' },
  },
};

let temp: TempStore | undefined;
afterEach(() => {
  temp?.dispose();
  temp = undefined;
});

describe('summaryOfManifest', () => {
  it('gives an image dataset its split counts (no test split when there is none), example shape and class names', () => {
    expect(summaryOfManifest(image)).toEqual({
      counts: { train: 5400, valid: 600 },
      shapes: { image: [28, 28, 1], label: [] },
      classes: ['T-shirt/top', 'Trouser'],
    });
  });

  it('gives a corpus its token counts per split and no classes', () => {
    expect(summaryOfManifest(text)).toEqual({ counts: { train: 165_478, valid: 28_568, test: 21_452 }, shapes: { token: [] }, classes: [] });
  });
});

describe('storeDatasetRegistry', () => {
  it("records an import as a datasets row (kind from the manifest, folder as path) and answers the row id", () => {
    temp = openTempStore();
    const record: DatasetRecord = {
      name: 'austen-ptb',
      format: 'text',
      directory: 'austen-ptb-1a2b3c4d',
      bytes: 123,
      manifest: text,
      preview: { kind: 'text', sample: 'it is a truth', topWords: [['the', 10]] },
      skipped: [],
      skippedTotal: 0,
    };
    const id = storeDatasetRegistry(temp.store).register(record);
    expect(id).toMatch(/^[1-9][0-9]*$/);
    expect(temp.store.datasets.get(Number(id))).toMatchObject({
      name: 'austen-ptb',
      kind: 'text',
      format: 'text',
      path: 'austen-ptb-1a2b3c4d',
      summary: summaryOfManifest(text),
    });
  });
});
