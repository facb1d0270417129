/**
 * Opens the store at a path and a workbench on it, for a process that owns neither yet (the CLI, the
 * server, the app): the store's PRAGMA contract and migrations, then the workbench (writer lock and
 * start-up recovery when it writes), closed together. A writing open creates the database's folder on a
 * first start; a read-only open refuses a database that does not exist rather than creating an empty one at
 * a mistyped path.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EnasError } from '../shared/errors';
import { openStore } from '../store/store';
import type { Store } from '../store/store';
import { readCheckpointWeights } from './exports/checkpoint-weights';
import { nodeLauncher } from './node-launcher';
import type { Logger } from './ports';
import type { ProcessLauncher } from './process-launcher';
import { createWorkbench } from './workbench';
import type { TrainerEntry, Workbench, WorkbenchOptions } from './workbench';

export interface OpenWorkbenchOptions {
  dbFile: string;
  dataDir: string;
  checkpointDir: string;
  access: 'read' | 'write';
  trainer: TrainerEntry;
  log?: Logger;
  /** Reject a database that does not exist yet (default: true for read access). */
  mustExist?: boolean;
  restart?: WorkbenchOptions['restart'];
  /** Default: child processes of Node (the app passes its utilityProcess launcher). */
  launcher?: ProcessLauncher;
  /** better-sqlite3 built for the running ABI (the app's Electron build); default: the package's own. */
  nativeBinding?: string;
  /** The store's journal mode (StoreOptions.journal); default WAL. */
  journal?: 'wal' | 'delete';
}

export interface OpenedWorkbench {
  workbench: Workbench;
  /**
   * The store the workbench owns, for in-process writers that run no trainer (a tabular benchmark search
   * records its runs here); a `write` workbench holds the writer lock for it.
   */
  store: Store;
  /** Closes the workbench (stopping its trainers), then the store. */
  close(): Promise<void>;
}

export async function openWorkbenchAt(options: OpenWorkbenchOptions): Promise<OpenedWorkbench> {
  if ((options.mustExist ?? options.access === 'read') && !existsSync(options.dbFile)) {
    throw new EnasError('STORE_CANNOT_OPEN', `no workbench database at ${options.dbFile}: pass --db FILE, or run a search first`, {
      file: options.dbFile,
    });
  }
  // A first start on this machine: the data folder does not exist yet.
  if (options.access === 'write') mkdirSync(dirname(options.dbFile), { recursive: true });
  // Read access opens the file read-only too: whatever a code path tries, SQLite itself refuses the write.
  const store = openStore(options.dbFile, {
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    ...(options.access === 'read' ? { readOnly: true } : {}),
    ...(options.journal === undefined ? {} : { journal: options.journal }),
  });
  let workbench: Workbench;
  try {
    workbench = await createWorkbench({
      store,
      access: options.access,
      launcher: options.launcher ?? nodeLauncher,
      trainer: options.trainer,
      paths: { dataDir: options.dataDir, checkpointDir: options.checkpointDir },
      readCheckpointWeights,
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.restart === undefined ? {} : { restart: options.restart }),
    });
  } catch (err) {
    store.close();
    throw err;
  }
  return {
    workbench,
    store,
    async close() {
      try {
        await workbench.close();
      } finally {
        store.close();
      }
    },
  };
}
