/**
 * Handler of `datasets.import`: the importer (validate, convert into a staging folder, rename into the data
 * directory) registering into the store, then the `dataset-imported` event so every UI lists it.
 */
import type { ApiHandlers } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import { createDatasetImporter } from '../datasets/dataset-importer';
import { storeDatasetRegistry } from '../datasets/store-registry';
import type { HandlerContext } from './handler-context';

type DatasetHandlers = Pick<ApiHandlers, 'datasets.import'>;

export function createDatasetHandlers({ store, hub, dataDir }: HandlerContext): DatasetHandlers {
  const importer = createDatasetImporter({ dataDir, registry: storeDatasetRegistry(store) });
  return {
    async 'datasets.import'(request) {
      const imported = await importer.importDataset(request);
      const dataset = store.datasets.get(Number(imported.id));
      if (dataset === undefined) {
        throw new EnasError('STORE_NOT_FOUND', `${store.file}: dataset ${imported.id} vanished right after its import`);
      }
      hub.emit({ type: 'dataset-imported', dataset });
      return dataset;
    },
  };
}
