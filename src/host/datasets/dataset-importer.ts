/**
 * The dataset import service (docs/architecture.md §6): validate what the user dropped, convert it into the
 * normalised format in a staging folder, rename the folder into the data directory, then register it.
 * A rejection is an EnasError with a DATASET_* / IDX_* / CIFAR_* / IMAGE_* / TEXT_* code whose detail
 * names the file; after any failure the staging folder is gone and nothing was registered
 * (docs/reliability.md T3.1). The store is reached only through the `DatasetRegistry` port.
 */
import { basename, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { dataError } from '../../core/data/data-error';
import { datasetImportRequestSchema } from '../../shared/dataset';
import type { DatasetFormat, DatasetImportProgress, DatasetRecord, DatasetSummary } from '../../shared/dataset';
import { detectFormat } from './detect-format';
import { importCifar } from './import-cifar';
import type { Converted, ImportContext } from './import-context';
import { importIdx } from './import-idx';
import { importImageFolder } from './import-image-folder';
import { DEFAULT_IMPORT_LIMITS } from './import-limits';
import type { ImportLimits } from './import-limits';
import { importText } from './import-text';
import { Staging, nodeDatasetFs, writeFailed } from './staging';
import type { DatasetFs } from './staging';

/** Where imported datasets are recorded; the lead wires it to the store's dataset repository. */
export interface DatasetRegistry {
  /** Record a dataset whose folder is in place; returns its id. Throwing undoes the import. */
  register(record: DatasetRecord): Promise<string> | string;
}

export interface DatasetImporterDeps {
  /** The data directory; datasets go into sub-folders of it. */
  dataDir: string;
  registry: DatasetRegistry;
  fs?: DatasetFs;
  limits?: Partial<ImportLimits>;
}

export interface ImportHooks {
  onProgress?: (progress: DatasetImportProgress) => void;
  /**
   * How messages and the manifest name the dropped file or folder; default its base name. A browser
   * upload sets it, since its path is an upload folder named by a random id.
   */
  sourceName?: string;
}

export interface DatasetImporter {
  /** Import `request` (parsed with datasetImportRequestSchema); resolves to the registered summary. */
  importDataset(request: unknown, hooks?: ImportHooks): Promise<DatasetSummary>;
  /** Remove staging folders left by imports that were killed mid-way; returns how many. */
  removeStaleStaging(): Promise<number>;
}

const CONVERTERS: Record<DatasetFormat, (ctx: ImportContext) => Promise<Converted>> = {
  idx: importIdx,
  cifar10: (ctx) => importCifar(ctx, 'cifar10'),
  cifar100: (ctx) => importCifar(ctx, 'cifar100'),
  'image-folder': importImageFolder,
  text: importText,
};

function slug(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return s === '' ? 'dataset' : s;
}

export function createDatasetImporter(deps: DatasetImporterDeps): DatasetImporter {
  const fs = deps.fs ?? nodeDatasetFs;
  const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...deps.limits };
  const dataDir = resolve(deps.dataDir);

  return {
    async importDataset(input, hooks = {}) {
      const parsed = datasetImportRequestSchema.safeParse(input);
      if (!parsed.success) {
        const where = typeof input === 'object' && input !== null && 'path' in input ? basename(String(input.path)) : '(request)';
        throw dataError('DATASET_BAD_OPTIONS', where, `invalid import request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      const request = parsed.data;
      const root = resolve(request.path);
      const rootName = hooks.sourceName ?? basename(root);
      const format = request.format ?? (await detectFormat(root, rootName));
      const name = request.name ?? rootName;
      const staging = await Staging.create(fs, dataDir);
      const target = join(dataDir, `${slug(name)}-${randomUUID().slice(0, 8)}`);
      let registered = false;
      try {
        const converted = await CONVERTERS[format]({
          root,
          rootName,
          name,
          staging,
          options: request.options,
          limits,
          onProgress: hooks.onProgress ?? (() => undefined),
        });
        await staging.commit(target);
        const record: DatasetRecord = {
          name,
          format,
          directory: basename(target),
          bytes: converted.bytes,
          manifest: converted.manifest,
          preview: converted.preview,
          skipped: converted.skipped,
          skippedTotal: converted.skippedTotal,
        };
        let id: string;
        try {
          id = await deps.registry.register(record);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          throw dataError('DATASET_REGISTER_FAILED', rootName, `was converted but could not be registered (${message}); the import was undone`);
        }
        registered = true;
        return { ...record, id };
      } finally {
        await staging.discard().catch(() => undefined);
        if (!registered && staging.isCommitted) {
          await fs.remove(target).catch((err: unknown) => {
            throw writeFailed(err, target);
          });
        }
      }
    },

    removeStaleStaging: () => Staging.removeStale(fs, dataDir),
  };
}
