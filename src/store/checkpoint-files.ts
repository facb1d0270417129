/**
 * Checkpoint files and their rows, kept in step: a row exists exactly when its file exists with the
 * recorded size and sha256 (docs/reliability.md T2.1, T2.2).
 *
 * Write: the durable write of src/io/durable-file.ts (temp file, fsync, rename, fsync the directory), then
 * insert the row. The final name carries the run, step and a sha256 prefix, so a rewrite of
 * the same step never overwrites the file an existing row points to. Delete: row first, then file. Either
 * way a crash can only leave a file without a row (or a temp file), never a row without its file, and
 * `sweepOrphans` at start-up removes those.
 */
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { EnasError } from '../shared/errors';
import type { CheckpointRecord } from '../shared/run';
import type { CheckpointRows } from './checkpoints-repository';
import type { StoreFs } from './store-fs';
import { writeFileDurably } from '../io/durable-file';

/** What a start-up sweep removed. */
export interface SweepReport {
  tempFiles: string[];
  orphanFiles: string[];
  /** Rows whose file was missing or had the wrong size (only an outside hand can cause this). */
  danglingRows: CheckpointRecord[];
}

export interface CheckpointFiles {
  /** Writes `data` as the checkpoint of `runId` at `step` in `dir`; resolves once file and row are durable. */
  writeCheckpoint(dir: string, runId: number, step: number, data: Uint8Array): Promise<CheckpointRecord>;
  /** Removes the row, then the file. */
  deleteCheckpoint(id: number): Promise<void>;
  /**
   * Deletes temp files and checkpoint files without a row in `dir`, and rows of `dir` whose file is gone.
   * Run it at start-up, before any trainer writes there.
   */
  sweepOrphans(dir: string): Promise<SweepReport>;
}

/** Bytes per write call: large enough to be fast, small enough that a failing Nth write is meaningful. */
const WRITE_CHUNK = 1 << 20;
const CHECKPOINT_SUFFIX = '.ckpt';
const TEMP_PATTERN = /\.ckpt\.[0-9]+-[0-9]+\.tmp$/;

function fsError(op: string, path: string, err: unknown, extra = ''): EnasError {
  if (err instanceof EnasError) return err;
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const reason = err instanceof Error ? err.message : String(err);
  const detail = { file: path, op, errno: code };
  if (code === 'ENOSPC') return new EnasError('STORE_DISK_FULL', `${path}: disk full during ${op}: free space on that disk, then retry${extra}`, detail);
  return new EnasError('STORE_IO', `${path}: ${op} failed: ${reason}${extra}`, detail);
}

export function createCheckpointFiles(rows: CheckpointRows, fs: StoreFs, now: () => number): CheckpointFiles {
  let tempCounter = 0;
  // Runs an fs call, turning its failure into a typed error naming the path.
  const step = async <T>(op: string, path: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw fsError(op, path, err);
    }
  };

  return {
    async writeCheckpoint(dir, runId, stepNumber, data) {
      const root = resolve(dir);
      const sha256 = createHash('sha256').update(data).digest('hex');
      const finalPath = join(root, `run-${runId}-step-${stepNumber}-${sha256.slice(0, 16)}${CHECKPOINT_SUFFIX}`);
      const existing = rows.byPath(finalPath);
      if (existing !== undefined) return existing;
      tempCounter += 1;
      const tempPath = `${finalPath}.${process.pid}-${tempCounter}.tmp`;

      await step('mkdir', root, () => fs.mkdir(root));
      // Chunked, so that a test failing the Nth write call fails in the middle of a file.
      await writeFileDurably(
        finalPath,
        async (write) => {
          for (let offset = 0; offset < data.length; offset += WRITE_CHUNK) await write(data.subarray(offset, offset + WRITE_CHUNK));
        },
        { fs, tempPath, step },
      );
      let record: CheckpointRecord;
      let replaced: CheckpointRecord | undefined;
      try {
        ({ record, replaced } = rows.upsert({
          runId,
          step: stepNumber,
          path: finalPath,
          bytes: data.length,
          sha256,
          createdAt: now(),
        }));
      } catch (err) {
        // If this fails too (the disk is gone), the file has no row and sweepOrphans removes it later.
        await fs.unlink(finalPath).catch(() => undefined);
        throw err;
      }
      if (replaced !== undefined && replaced.path !== finalPath) {
        // The new row is committed; an old file that cannot be removed now is an orphan for the next sweep.
        await fs.unlink(replaced.path).catch(() => undefined);
      }
      return record;
    },

    async deleteCheckpoint(id) {
      const removed = rows.remove(id);
      if (removed === undefined) throw new EnasError('STORE_NOT_FOUND', `no checkpoint with id ${id}`, { checkpointId: id });
      try {
        await fs.unlink(removed.path);
      } catch (err) {
        if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return;
        throw fsError('unlink', removed.path, err, '; its row is removed and the file will be swept at the next start');
      }
    },

    async sweepOrphans(dir) {
      const root = resolve(dir);
      const known = new Map(rows.all().filter((r) => dirname(r.path) === root).map((r) => [r.path, r]));
      const report: SweepReport = { tempFiles: [], orphanFiles: [], danglingRows: [] };
      for (const name of await step('readdir', root, () => fs.readdir(root))) {
        const path = join(root, name);
        if (TEMP_PATTERN.test(name)) {
          await step('unlink', path, () => fs.unlink(path));
          report.tempFiles.push(path);
        } else if (name.endsWith(CHECKPOINT_SUFFIX) && !known.has(path)) {
          await step('unlink', path, () => fs.unlink(path));
          report.orphanFiles.push(path);
        }
      }
      for (const row of known.values()) {
        const size = await step('stat', row.path, () => fs.size(row.path));
        if (size !== row.bytes) {
          rows.remove(row.id);
          report.danglingRows.push(row);
        }
      }
      return report;
    },
  };
}
