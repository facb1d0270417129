/**
 * Finds the dataset a run config names: `config.dataset` is either the id of an imported dataset ("12") or
 * its name (the embedded defaults are imported under their names, e.g. `fashion-mnist-small`). The trainer
 * gets the folder of the normalised copy; the run row gets the dataset id.
 */
import { isAbsolute, join } from 'node:path';
import { EnasError } from '../shared/errors';
import type { DatasetRecord } from '../shared/run';
import type { Store } from '../store/store';
import { EMBEDDED_DATASETS } from './embedded-datasets';

export interface ResolvedDataset {
  record: DatasetRecord;
  /** Absolute folder of the normalised dataset (its manifest.json). */
  dir: string;
}

export function resolveDataset(store: Pick<Store, 'datasets'>, dataDir: string, dataset: string): ResolvedDataset {
  const record = /^[1-9][0-9]*$/.test(dataset)
    ? store.datasets.get(Number(dataset))
    : store.datasets.list().find((d) => d.name === dataset);
  if (record === undefined) {
    const known = store.datasets.list().map((d) => `${d.id} "${d.name}"`);
    throw new EnasError(
      'RUN_DATASET_MISSING',
      `no dataset "${dataset}": import it first (imported here: ${known.length === 0 ? 'none' : known.join(', ')}; ` +
        `embedded, imported on first use by \`enas search\` and \`enas serve\`: ${EMBEDDED_DATASETS.map((d) => d.name).join(', ')})`,
      { dataset },
    );
  }
  return { record, dir: isAbsolute(record.path) ? record.path : join(dataDir, record.path) };
}
