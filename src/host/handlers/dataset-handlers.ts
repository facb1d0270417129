/**
 * Handlers of the datasets API: `datasets.import` (a path the user chose) and `datasets.importUpload` (the
 * folder a browser uploaded into, removed afterwards whatever happened) run the same importer (validate,
 * convert into a staging folder, rename into the data directory) registering into the store, pushing
 * throttled `dataset-import-progress` reports while it runs and `dataset-imported` once it is listed.
 * `datasets.preview` reads a dataset's preview back from its normalised files.
 *
 * Imports run one at a time, in the order asked: each holds a bounded working set (a few MB of buffers,
 * the labels of an image set), so one at a time bounds the host's memory whatever number of uploads or
 * drops arrive together. One that has to wait is reported `queued` until its turn.
 */
import { randomUUID } from 'node:crypto';
import { basename, isAbsolute, join } from 'node:path';
import type { ApiHandlers, ApiParsedRequest } from '../../shared/api';
import type { DatasetRecord } from '../../shared/run';
import { EnasError } from '../../shared/errors';
import { createDatasetImporter } from '../datasets/dataset-importer';
import { readDatasetPreview } from '../datasets/dataset-preview';
import { createProgressReporter } from '../datasets/import-progress';
import { storeDatasetRegistry } from '../datasets/store-registry';
import type { HandlerContext } from './handler-context';

type DatasetHandlers = Pick<ApiHandlers, 'datasets.import' | 'datasets.importUpload' | 'datasets.preview'>;

/** The name of a dataset made of several dropped files when the user gave none. */
const SEVERAL_FILES_NAME = 'dropped files';

export function createDatasetHandlers({ store, hub, dataDir, clock, uploads }: HandlerContext): DatasetHandlers {
  const importer = createDatasetImporter({ dataDir, registry: storeDatasetRegistry(store) });
  let running = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(onQueued: () => void, work: () => Promise<T>): Promise<T> => {
    if (running > 0) onQueued();
    running += 1;
    const turn = queue.then(work).finally(() => {
      running -= 1;
    });
    queue = turn.catch(() => undefined);
    return turn;
  };

  async function runImport(importId: string, request: ApiParsedRequest<'datasets.import'>, sourceName?: string): Promise<DatasetRecord> {
    const reporter = createProgressReporter({
      importId,
      name: request.name ?? sourceName ?? basename(request.path),
      now: () => clock.now(),
      emit: (progress) => hub.emit({ type: 'dataset-import-progress', progress }),
    });
    let imported;
    try {
      imported = await oneAtATime(
        () => reporter.queued(),
        () => importer.importDataset(request, { onProgress: reporter.sink, ...(sourceName === undefined ? {} : { sourceName }) }),
      );
    } catch (err) {
      reporter.finish('failed');
      throw err;
    }
    reporter.finish('done');
    const dataset = store.datasets.get(Number(imported.id));
    if (dataset === undefined) {
      throw new EnasError('STORE_NOT_FOUND', `${store.file}: dataset ${imported.id} vanished right after its import`);
    }
    hub.emit({ type: 'dataset-imported', dataset });
    return dataset;
  }

  return {
    'datasets.import': (request) => runImport(randomUUID(), request),

    async 'datasets.importUpload'({ uploadId, name, format, options }) {
      let claimed;
      try {
        claimed = await uploads.claim(uploadId);
      } catch (err) {
        // An empty upload will never be imported: drop it now. A busy one is someone else's to finish.
        if (err instanceof EnasError && err.code === 'UPLOAD_EMPTY') await uploads.remove(uploadId);
        throw err;
      }
      try {
        const single = claimed.entries.length === 1 ? claimed.entries[0] : undefined;
        const sourceName = single ?? name ?? SEVERAL_FILES_NAME;
        return await runImport(
          uploadId,
          {
            path: single === undefined ? claimed.dir : join(claimed.dir, single),
            name: name ?? sourceName,
            options,
            ...(format === undefined ? {} : { format }),
          },
          sourceName,
        );
      } finally {
        await uploads.remove(uploadId);
      }
    },

    async 'datasets.preview'({ datasetId, perClass }) {
      const row = store.datasets.get(datasetId);
      if (row === undefined) throw new EnasError('STORE_NOT_FOUND', `no dataset with id ${datasetId}: it may have been deleted`, { datasetId });
      return readDatasetPreview(isAbsolute(row.path) ? row.path : join(dataDir, row.path), row.name, perClass);
    },
  };
}
