/**
 * The importer's `DatasetRegistry` port over the store's datasets table. The two records differ on
 * purpose: the importer's (src/shared/dataset.ts) is what an import produced (the whole manifest, a preview,
 * the skipped files); the store's row (src/shared/run.ts) is what lists and run configs need (kind, format,
 * folder, counts, shapes, classes). The manifest stays in the dataset's folder, where the trainer reads it,
 * so the row keeps only its summary; the preview and the skip report are returned to the importing UI once
 * and not stored.
 */
import type { DatasetManifest, DatasetRecord as ImportedDataset } from '../../shared/dataset';
import type { DatasetSummary } from '../../shared/run';
import type { Store } from '../../store/store';
import type { DatasetRegistry } from './dataset-importer';

/** Counts per split (images, or tokens of a corpus), the shape of one example, the class names. */
export function summaryOfManifest(manifest: DatasetManifest): DatasetSummary {
  if (manifest.kind === 'image') {
    const { train, valid, test } = manifest.splits;
    return {
      counts: { train: train.count, valid: valid.count, ...(test === undefined ? {} : { test: test.count }) },
      shapes: { image: [manifest.height, manifest.width, manifest.channels], label: [] },
      classes: manifest.classNames,
      ...(manifest.resized === undefined ? {} : { resized: manifest.resized }),
    };
  }
  const { train, valid, test } = manifest.splits;
  return {
    counts: { train: train.tokens, valid: valid.tokens, test: test.tokens },
    shapes: { token: [] },
    classes: [],
  };
}

/** Registers an import as a datasets row; the id it answers is the row id as text ("12"). */
export function storeDatasetRegistry(store: Pick<Store, 'datasets'>): DatasetRegistry {
  return {
    register(record: ImportedDataset) {
      const row = store.datasets.create({
        name: record.name,
        kind: record.manifest.kind,
        format: record.format,
        path: record.directory,
        summary: summaryOfManifest(record.manifest),
      });
      return String(row.id);
    },
  };
}
