/**
 * Takes in a checkpoint the trainer reports with `checkpoint-written`. The trainer writes into a staging
 * folder of its run; the host checks the file is there, inside that folder, with the size and sha256 the
 * trainer reported, and only then hands it to the store, which keeps the file and its row in step (a row
 * exists exactly when its file does: docs/reliability.md T2.1). The staged file is removed afterwards.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, unlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { EnasError } from '../shared/errors';
import type { CheckpointRecord } from '../shared/run';
import type { Store } from '../store/store';

/** The folder a run's trainer writes checkpoints into, before the host adopts them. */
export function stagingDirOf(checkpointDir: string, runId: number): string {
  return join(stagingRootOf(checkpointDir), `run-${runId}`);
}

/** Every run's staging folder lives here; anything left in it after a crash is an orphan. */
function stagingRootOf(checkpointDir: string): string {
  return join(resolve(checkpointDir), 'staging');
}

/** Removes every staged file: at start-up no trainer runs, so all of it is orphaned (docs/reliability.md T1.5). */
export async function clearStaging(checkpointDir: string): Promise<void> {
  await rm(stagingRootOf(checkpointDir), { recursive: true, force: true });
}

export interface ReportedCheckpoint {
  step: number;
  path: string;
  bytes: number;
  sha256: string;
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Verifies the staged file and registers it as the run's checkpoint at `reported.step`. Throws
 * CHECKPOINT_MISMATCH (naming the file, expected vs found) when the file is missing, outside the staging
 * folder, or differs from the report; the staged file is removed either way.
 */
export async function adoptCheckpoint(
  store: Pick<Store, 'checkpointFiles'>,
  checkpointDir: string,
  runId: number,
  reported: ReportedCheckpoint,
): Promise<CheckpointRecord> {
  const staging = stagingDirOf(checkpointDir, runId);
  const path = resolve(staging, reported.path);
  if (!inside(staging, path)) {
    throw new EnasError(
      'CHECKPOINT_MISMATCH',
      `run ${runId}: checkpoint ${reported.path} is outside the run's staging folder ${staging}; it was ignored`,
      { file: reported.path },
    );
  }
  try {
    let data: Uint8Array;
    try {
      data = await readFile(path);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new EnasError('CHECKPOINT_MISMATCH', `run ${runId}: checkpoint ${path} cannot be read: ${reason}`, { file: path });
    }
    if (data.length !== reported.bytes) {
      throw new EnasError(
        'CHECKPOINT_MISMATCH',
        `run ${runId}: checkpoint ${path} has ${data.length} bytes, the trainer reported ${reported.bytes}`,
        { file: path },
      );
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (sha256 !== reported.sha256) {
      throw new EnasError(
        'CHECKPOINT_MISMATCH',
        `run ${runId}: checkpoint ${path} has sha256 ${sha256}, the trainer reported ${reported.sha256}`,
        { file: path },
      );
    }
    return await store.checkpointFiles.writeCheckpoint(checkpointDir, runId, reported.step, data);
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
