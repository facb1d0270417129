/**
 * The experiment store: one SQLite file (better-sqlite3) that keeps every run, crash-safe. `openStore`
 * refuses a file from a newer app, sets the PRAGMA contract of docs/reliability.md T2.4, migrates, and hands out
 * one repository per table plus the batched write path, the checkpoint-file protocol, integrity check,
 * online backup and WAL checkpoint. The host is its single writer (docs/architecture.md §4).
 */
import Database from 'better-sqlite3';
import { z } from 'zod';
import { EnasError } from '../shared/errors';
import { createCheckpointFiles } from './checkpoint-files';
import type { CheckpointFiles } from './checkpoint-files';
import { createCheckpointRows } from './checkpoints-repository';
import type { CheckpointsRepository } from './checkpoints-repository';
import { createDatasetsRepository } from './datasets-repository';
import type { DatasetsRepository } from './datasets-repository';
import { createDerivedRepository } from './derived-repository';
import type { DerivedRepository } from './derived-repository';
import { createControllerTracesRepository } from './controller-traces-repository';
import type { ControllerTracesRepository } from './controller-traces-repository';
import { createHealthRepository } from './health-repository';
import type { HealthRepository } from './health-repository';
import { createEventsRepository } from './events-repository';
import type { EventsRepository } from './events-repository';
import { createMetricsRepository } from './metrics-repository';
import type { MetricsRepository } from './metrics-repository';
import { assertCurrent, assertNotNewer, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { createRunsRepository } from './runs-repository';
import type { RunsRepository } from './runs-repository';
import { createSamplesRepository } from './samples-repository';
import type { SamplesRepository } from './samples-repository';
import { createSlurmRepository } from './slurm-repository';
import type { SlurmRepository } from './slurm-repository';
import { createStudiesRepository } from './studies-repository';
import type { StudiesRepository } from './studies-repository';
import { guardMethods, toStoreError } from './sqlite-errors';
import { nodeStoreFs } from './store-fs';
import type { StoreFs } from './store-fs';
import type { StoreContext } from './store-context';
import { createWriteBatch } from './write-batch';
import { mergeStudyDatabase } from './study-merge';
import type { MergeReport } from './study-merge';
import type { WriteBatch } from './write-batch';

export interface StoreOptions {
  /**
   * Path of a `better_sqlite3.node` built for the running ABI: Electron's differs from Node's, so the app
   * ships its own build beside the one tests use (docs/architecture.md §7). Default: the package's own build.
   */
  nativeBinding?: string;
  /** Clock in epoch milliseconds. Default: Date.now. */
  now?: () => number;
  /** File-system calls of the checkpoint-file protocol. Default: node:fs. */
  fs?: StoreFs;
  /**
   * Open the file read-only (SQLite's SQLITE_OPEN_READONLY): every write, from any code path, fails with
   * STORE_READ_ONLY, and nothing is migrated. The file must exist and be at this app's schema version.
   */
  readOnly?: boolean;
  /**
   * `wal` (default, docs/reliability.md T2.4) or `delete`, SQLite's rollback journal: a Slurm task's
   * database on a network file system, where WAL's shared-memory index does not work across hosts
   * (sqlite.org/wal.html). Durability is the same (synchronous=FULL); only concurrent readers wait longer.
   */
  journal?: 'wal' | 'delete';
}

export interface IntegrityReport {
  /** True when `integrity` is exactly ['ok'] and `foreignKeys` is empty. */
  ok: boolean;
  /** Rows of PRAGMA integrity_check. */
  integrity: string[];
  /** Rows of PRAGMA foreign_key_check. */
  foreignKeys: { table: string; rowid: number | null; parent: string; fkid: number }[];
}

export interface StorePragmas {
  journalMode: string;
  /** 2 is FULL. */
  synchronous: number;
  foreignKeys: number;
  busyTimeout: number;
}

export interface Store {
  readonly file: string;
  readonly runs: RunsRepository;
  readonly datasets: DatasetsRepository;
  readonly metrics: MetricsRepository;
  readonly samples: SamplesRepository;
  readonly derived: DerivedRepository;
  readonly health: HealthRepository;
  readonly traces: ControllerTracesRepository;
  readonly checkpoints: CheckpointsRepository;
  readonly checkpointFiles: CheckpointFiles;
  readonly events: EventsRepository;
  readonly studies: StudiesRepository;
  readonly slurm: SlurmRepository;
  /** Merges the finished runs of a Slurm task's database into `studyId` (study-merge.ts). */
  mergeStudyDatabase(taskFile: string, studyId: number, datasetId: number): MergeReport;
  /** Commits metrics, samples and events of one flush window in one transaction. */
  writeBatch(batch: WriteBatch): void;
  integrityCheck(): IntegrityReport;
  /** Online backup (SQLite backup API) to `file`, while writes go on. */
  backup(file: string): Promise<void>;
  /** wal_checkpoint(TRUNCATE): copies the WAL into the database and truncates it (end of run). */
  checkpointWal(): { busy: boolean; logFrames: number; checkpointedFrames: number };
  /** The connection's PRAGMA values of the T2.4 contract, for tests and diagnostics. */
  pragmas(): StorePragmas;
  close(): void;
}

/** SQLite waits this long for a lock before SQLITE_BUSY (T2.4 asks ≥ 5000). */
const BUSY_TIMEOUT_MS = 5000;

function applyPragmas(db: Database.Database, file: string, journal: 'wal' | 'delete'): void {
  // journal is one of two literals, never user text (PRAGMA takes no bound parameters).
  const mode: unknown = db.pragma(`journal_mode = ${journal === 'wal' ? 'WAL' : 'DELETE'}`, { simple: true });
  if (mode !== journal) {
    throw new EnasError('STORE_IO', `${file}: cannot switch to ${journal} journal mode (got ${String(mode)})`, { file });
  }
  // better-sqlite3 leaves WAL at synchronous=NORMAL, which may lose the last commits on power loss;
  // FULL fsyncs the WAL (or the rollback journal) at every commit, so a commit that returned is durable (T2.1, T2.4).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

function openDatabase(file: string, options: StoreOptions): Database.Database {
  try {
    return new Database(file, {
      timeout: BUSY_TIMEOUT_MS,
      ...(options.readOnly === true ? { readonly: true, fileMustExist: true } : {}),
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    });
  } catch (err) {
    const mapped = toStoreError(err, file);
    if (mapped instanceof EnasError) throw mapped;
    const reason = err instanceof Error ? err.message : String(err);
    throw new EnasError('STORE_CANNOT_OPEN', `${file}: cannot open the database: ${reason}`, { file });
  }
}

const integrityRows = z.array(z.object({ integrity_check: z.string() }));
const foreignKeyRows = z.array(
  z.object({ table: z.string(), rowid: z.number().int().nullable(), parent: z.string(), fkid: z.number().int() }),
);
const walCheckpointRows = z.array(z.object({ busy: z.number(), log: z.number(), checkpointed: z.number() }));

/** Opens (creating if needed) and migrates the store in `file`. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  const db = openDatabase(file, options);
  try {
    // The first read of the file: a non-SQLite file fails here, and a newer schema is refused untouched.
    assertNotNewer(db, file, MIGRATIONS);
    if (options.readOnly === true) {
      assertCurrent(db, file, MIGRATIONS);
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    } else {
      applyPragmas(db, file, options.journal ?? 'wal');
      migrate(db, file, MIGRATIONS);
    }
  } catch (err) {
    db.close();
    throw toStoreError(err, file);
  }

  const ctx: StoreContext = { db, file, now: options.now ?? Date.now };
  const checkpointRows = createCheckpointRows(ctx);
  const guard = <T extends object>(target: T): T => guardMethods(target, file);
  const writeBatch = createWriteBatch(ctx);
  const operations = guard({
    writeBatch,
    integrityCheck(): IntegrityReport {
      let integrity: string[];
      let foreignKeys: IntegrityReport['foreignKeys'];
      try {
        integrity = integrityRows.parse(db.pragma('integrity_check')).map((r) => r.integrity_check);
        foreignKeys = foreignKeyRows.parse(db.pragma('foreign_key_check'));
      } catch (err) {
        // Damage bad enough to stop the check itself is a finding to report, not a failure to check.
        const mapped = toStoreError(err, file);
        if (!(mapped instanceof EnasError) || mapped.code !== 'STORE_CORRUPT') throw err;
        return { ok: false, integrity: [mapped.message], foreignKeys: [] };
      }
      const ok = integrity.length === 1 && integrity[0] === 'ok' && foreignKeys.length === 0;
      return { ok, integrity, foreignKeys };
    },
    async backup(target: string): Promise<void> {
      await db.backup(target);
    },
    checkpointWal() {
      const [row] = walCheckpointRows.parse(db.pragma('wal_checkpoint(TRUNCATE)'));
      if (row === undefined) throw new Error('wal_checkpoint returned no row');
      return { busy: row.busy !== 0, logFrames: row.log, checkpointedFrames: row.checkpointed };
    },
    pragmas(): StorePragmas {
      const one = (name: string): unknown => db.pragma(name, { simple: true });
      return {
        journalMode: z.string().parse(one('journal_mode')),
        synchronous: z.number().parse(one('synchronous')),
        foreignKeys: z.number().parse(one('foreign_keys')),
        busyTimeout: z.number().parse(one('busy_timeout')),
      };
    },
    mergeStudyDatabase(taskFile: string, studyId: number, datasetId: number): MergeReport {
      return mergeStudyDatabase(ctx, taskFile, studyId, datasetId);
    },
    close() {
      db.close();
    },
  });

  const runs = createRunsRepository(ctx);
  return {
    file,
    runs: guard(runs),
    datasets: guard(createDatasetsRepository(ctx)),
    metrics: guard(createMetricsRepository(ctx)),
    samples: guard(createSamplesRepository(ctx)),
    derived: guard(createDerivedRepository(ctx)),
    health: guard(createHealthRepository(ctx)),
    traces: guard(createControllerTracesRepository(ctx)),
    checkpoints: guard({ get: checkpointRows.get, list: checkpointRows.list, latest: checkpointRows.latest }),
    checkpointFiles: guard(createCheckpointFiles(checkpointRows, options.fs ?? nodeStoreFs, ctx.now)),
    events: guard(createEventsRepository(ctx)),
    studies: guard(createStudiesRepository(ctx, runs)),
    slurm: guard(createSlurmRepository(ctx)),
    ...operations,
  };
}
