/**
 * The datasets that ship with the workbench (resources/datasets, see its README.md), imported into the
 * store at first start under fixed names, so a first search runs without a download and a run config can
 * name them (`dataset: 'fashion-mnist-small'`). A dataset already registered under its name is left alone;
 * one that fails to import is logged and skipped, so a damaged install still opens the workbench.
 */
import { join } from 'node:path';
import type { ApiHandlers } from '../shared/api';
import { datasetImportRequestSchema } from '../shared/dataset';
import type { Logger } from './ports';

interface EmbeddedDataset {
  name: string;
  /** Folder under the resources' datasets folder. */
  folder: string;
  options: { classNames?: string[] };
}

/** Fashion-MNIST's class names in label order (Xiao, Rasul & Vollgraf, 2017). */
const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export const EMBEDDED_DATASETS: readonly EmbeddedDataset[] = [
  { name: 'fashion-mnist-small', folder: 'fashion-mnist-subset', options: { classNames: FASHION_MNIST_CLASSES } },
  { name: 'austen-ptb', folder: 'austen-ptb', options: {} },
];

export interface EmbeddedImportReport {
  /** Names imported now. */
  imported: string[];
  /** Names that failed, with why. */
  failed: { name: string; message: string }[];
}

export async function registerEmbeddedDatasets(
  handlers: Pick<ApiHandlers, 'datasets.list' | 'datasets.import'>,
  resourcesDir: string,
  log: Logger,
): Promise<EmbeddedImportReport> {
  const known = new Set((await handlers['datasets.list']({})).map((d) => d.name));
  const report: EmbeddedImportReport = { imported: [], failed: [] };
  for (const dataset of EMBEDDED_DATASETS) {
    if (known.has(dataset.name)) continue;
    const path = join(resourcesDir, dataset.folder);
    try {
      await handlers['datasets.import'](datasetImportRequestSchema.parse({ path, name: dataset.name, options: dataset.options }));
      report.imported.push(dataset.name);
      log.log('info', `imported the embedded dataset ${dataset.name} from ${path}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      report.failed.push({ name: dataset.name, message });
      log.log('error', `could not import the embedded dataset ${dataset.name} from ${path}: ${message}`);
    }
  }
  return report;
}
