/**
 * Workbench API, datasets: import a dropped file or folder (docs/architecture.md §6), and preview an imported one.
 * `datasets.import` takes a path the user chose (a drop, whose real path the preload reads with
 * `webUtils.getPathForFile`, or an open dialog); the import only reads it and writes into the data
 * directory. A browser has no paths: it uploads the dropped files over HTTP first (`POST /uploads`, then
 * `PUT /uploads/<id>/<relative path>` per file, both with `?token=`), then calls `datasets.importUpload`.
 * Either answers the dataset as the store keeps it.
 */
import { datasetImportRequestSchema, datasetImportUploadRequestSchema, datasetPreviewRequestSchema, datasetPreviewSchema } from '../dataset';
import { datasetRecordSchema } from '../run';
import type { ApiMethodSpec } from './method-spec';

/** The HTTP path of the upload endpoint of `enas serve`. */
export const UPLOADS_PATH = '/uploads';

export const datasetsApi = {
  'datasets.import': { request: datasetImportRequestSchema, response: datasetRecordSchema, writes: true },
  'datasets.importUpload': { request: datasetImportUploadRequestSchema, response: datasetRecordSchema, writes: true },
  'datasets.preview': { request: datasetPreviewRequestSchema, response: datasetPreviewSchema, writes: false },
} as const satisfies Record<string, ApiMethodSpec>;
