/**
 * Workbench API, datasets: import a dropped file or folder (design.md §6). The path is a file the user
 * chose (a drop, whose real path the preload reads with `webUtils.getPathForFile`, or an open dialog); the
 * import only reads it and writes into the data directory. The answer is the dataset as the store keeps it.
 */
import { datasetImportRequestSchema } from '../dataset';
import { datasetRecordSchema } from '../run';

export const datasetsApi = {
  'datasets.import': { request: datasetImportRequestSchema, response: datasetRecordSchema },
} as const;
