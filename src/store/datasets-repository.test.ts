import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetRecordSchema } from '../shared/run';
import type { NewDataset } from './datasets-repository';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore;
let clock = 10;
beforeEach(() => {
  clock = 10;
  t = openTempStore({ now: () => clock });
});
afterEach(() => t.dispose());

const fashion: NewDataset = {
  name: 'fashion-mnist subset',
  kind: 'image',
  format: 'idx',
  path: '/data/datasets/1',
  summary: {
    counts: { train: 1000, valid: 200, test: 200 },
    shapes: { image: [28, 28, 1], label: [] },
    classes: ['T-shirt/top', 'Trouser'],
  },
};

describe('datasets repository', () => {
  it('stores a dataset with its summary and lists newest first', () => {
    const first = t.store.datasets.create(fashion);
    clock = 20;
    const second = t.store.datasets.create({ ...fashion, name: 'ptb', kind: 'text', format: 'text-corpus' });
    datasetRecordSchema.parse(first);
    expect(first).toMatchObject({ createdAt: 10, summary: fashion.summary });
    expect(t.store.datasets.get(first.id)).toEqual(first);
    expect(t.store.datasets.list().map((d) => d.id)).toEqual([second.id, first.id]);
  });

  it('refuses a summary that does not match the schema', () => {
    const bad = { ...fashion, summary: { ...fashion.summary, counts: { train: -1 } } };
    expect(() => t.store.datasets.create(bad)).toThrow(/STORE_BAD_ARGUMENT: dataset fashion-mnist subset summary/);
    expect(t.store.datasets.list()).toEqual([]);
  });

  it('refuses to delete a dataset that a run uses, and deletes it once unused', () => {
    const dataset = t.store.datasets.create(fashion);
    const run = t.store.runs.create(newRun({ datasetId: dataset.id }));
    expect(() => t.store.datasets.delete(dataset.id)).toThrow(/STORE_CONFLICT: .*dataset \d+ is used by 1 run/);
    t.store.runs.delete(run.id);
    t.store.datasets.delete(dataset.id);
    expect(t.store.datasets.get(dataset.id)).toBeUndefined();
    expect(() => t.store.datasets.delete(dataset.id)).toThrow(/STORE_NOT_FOUND/);
  });
});
