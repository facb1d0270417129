/**
 * The embedded default datasets for CLI commands: `enas search` with no `--dataset` searches
 * `fashion-mnist-small`, which must be in the database before the run is created. Imported once per database
 * (a dataset already registered under its name is left alone). `ENAS_RESOURCES_DIR` overrides where they are.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBEDDED_DATASETS, registerEmbeddedDatasets } from '../host/embedded-datasets';
import type { RunWorkbench } from './cli-workbench';
import type { CliIo } from './cli-io';

const REPO_DATASETS = fileURLToPath(new URL('../../resources/datasets', import.meta.url));

export function resourcesDatasetsDir(io: CliIo): string {
  const value = io.env.ENAS_RESOURCES_DIR;
  return value === undefined || value === '' ? REPO_DATASETS : isAbsolute(value) ? value : resolve(value);
}

/** Import the embedded datasets if `dataset` names one of them and the database lacks it. */
export async function ensureEmbeddedDataset(workbench: RunWorkbench, dataset: string, io: CliIo): Promise<void> {
  if (!EMBEDDED_DATASETS.some((d) => d.name === dataset)) return;
  const known = await workbench.handlers['datasets.list']({});
  if (known.some((d) => d.name === dataset)) return;
  io.stderr(`importing the embedded dataset ${dataset} (first use of this database)…\n`);
  const report = await registerEmbeddedDatasets(workbench.handlers, resourcesDatasetsDir(io), {
    log(level, message) {
      if (level === 'warn' || level === 'error') io.stderr(`${level}: ${message}\n`);
    },
  });
  const failed = report.failed.find((f) => f.name === dataset);
  if (failed) io.stderr(`could not import ${dataset} from ${join(resourcesDatasetsDir(io))}: ${failed.message}\n`);
}
