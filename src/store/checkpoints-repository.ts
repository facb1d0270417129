/**
 * Checkpoint rows: which checkpoint file belongs to which run and step, with its size and sha256. The
 * files themselves are written and removed by checkpoint-files.ts, which alone uses the write side here so
 * that a row exists exactly when its file does.
 */
import { z } from 'zod';
import type { CheckpointRecord } from '../shared/run';
import { parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface CheckpointsRepository {
  get(id: number): CheckpointRecord | undefined;
  /** A run's checkpoints by step. */
  list(runId: number): CheckpointRecord[];
  /** The run's checkpoint with the highest step: where a resume starts. */
  latest(runId: number): CheckpointRecord | undefined;
}

/** The write side, for checkpoint-files.ts only. */
export interface CheckpointRows extends CheckpointsRepository {
  /** Inserts the row, or replaces the run's row for the same step; returns it and the row it replaced. */
  upsert(row: Omit<CheckpointRecord, 'id'>): { record: CheckpointRecord; replaced: CheckpointRecord | undefined };
  byPath(path: string): CheckpointRecord | undefined;
  /** Deletes the row and returns it; undefined when there was none. */
  remove(id: number): CheckpointRecord | undefined;
  all(): CheckpointRecord[];
}

const checkpointRowSchema = z
  .object({
    id: z.number().int(),
    run_id: z.number().int(),
    step: z.number().int(),
    path: z.string(),
    bytes: z.number().int(),
    sha256: z.string(),
    created_at: z.number().int(),
  })
  .transform(
    (r): CheckpointRecord => ({
      id: r.id,
      runId: r.run_id,
      step: r.step,
      path: r.path,
      bytes: r.bytes,
      sha256: r.sha256,
      createdAt: r.created_at,
    }),
  );

export function createCheckpointRows({ db, file }: StoreContext): CheckpointRows {
  const parse = (row: unknown, where: string): CheckpointRecord => parseRow(checkpointRowSchema, row, file, where);
  const parseMaybe = (row: unknown, where: string): CheckpointRecord | undefined =>
    row === undefined ? undefined : parse(row, where);
  const selectOne = db.prepare('SELECT * FROM checkpoints WHERE id = ?');
  const selectRun = db.prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step');
  const selectLatest = db.prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1');
  const selectStep = db.prepare('SELECT * FROM checkpoints WHERE run_id = ? AND step = ?');
  const selectPath = db.prepare('SELECT * FROM checkpoints WHERE path = ?');
  const selectAll = db.prepare('SELECT * FROM checkpoints ORDER BY id');
  const deleteOne = db.prepare('DELETE FROM checkpoints WHERE id = ? RETURNING *');
  const upsert = db.prepare(`
    INSERT INTO checkpoints (run_id, step, path, bytes, sha256, created_at)
    VALUES (@runId, @step, @path, @bytes, @sha256, @createdAt)
    ON CONFLICT (run_id, step) DO UPDATE SET
      path = excluded.path, bytes = excluded.bytes, sha256 = excluded.sha256, created_at = excluded.created_at
    RETURNING *`);
  const upsertTx = db.transaction((row: Omit<CheckpointRecord, 'id'>) => {
    const replaced = parseMaybe(selectStep.get(row.runId, row.step), `checkpoints row of run ${row.runId}`);
    const record = parse(upsert.get(row), `checkpoints row of run ${row.runId}`);
    return { record, replaced };
  });
  return {
    get: (id) => parseMaybe(selectOne.get(id), `checkpoints row ${id}`),
    list: (runId) => selectRun.all(runId).map((row, i) => parse(row, `checkpoints row ${i} of run ${runId}`)),
    latest: (runId) => parseMaybe(selectLatest.get(runId), `latest checkpoints row of run ${runId}`),
    upsert: (row) => upsertTx(row),
    byPath: (path) => parseMaybe(selectPath.get(path), `checkpoints row for ${path}`),
    remove: (id) => parseMaybe(deleteOne.get(id), `checkpoints row ${id}`),
    all: () => selectAll.all().map((row, i) => parse(row, `checkpoints row ${i}`)),
  };
}
