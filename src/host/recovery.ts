/**
 * Start-up recovery after the app itself died (docs/reliability.md T1.5): a run still `running` belongs to a
 * trainer that is gone, so it becomes `interrupted` (resumable from its last checkpoint); checkpoint files
 * without a row, temp files of interrupted writes and everything left in the trainers' staging folders are
 * deleted. SQLite replays its WAL by itself when the store opens.
 */
import type { SweepReport } from '../store/checkpoint-files';
import type { Store } from '../store/store';
import { clearStaging } from './checkpoint-intake';
import type { Clock, Logger } from './ports';

export interface RecoveryReport {
  /** Runs that were `running` and are now `interrupted`. */
  interrupted: number[];
  sweep: SweepReport;
}

export async function recoverAtStartup(store: Store, checkpointDir: string, clock: Clock, log: Logger): Promise<RecoveryReport> {
  const interrupted = store.runs.markRunningAsInterrupted();
  if (interrupted.length > 0) {
    const ts = clock.now();
    store.writeBatch({
      events: interrupted.map((runId) => ({
        runId,
        ts,
        level: 'warn' as const,
        message: 'interrupted: the app stopped while this run was running; resume continues from its last checkpoint',
      })),
    });
    log.log('warn', `marked ${interrupted.length} run(s) interrupted at start-up: ${interrupted.join(', ')}`);
  }
  // Before any trainer runs: nothing in the staging folders or among unregistered files is still wanted.
  await clearStaging(checkpointDir);
  const sweep = await store.checkpointFiles.sweepOrphans(checkpointDir);
  const removed = sweep.tempFiles.length + sweep.orphanFiles.length;
  if (removed > 0 || sweep.danglingRows.length > 0) {
    log.log('info', `checkpoint sweep: removed ${removed} orphan file(s) and ${sweep.danglingRows.length} row(s) without a file`);
  }
  return { interrupted, sweep };
}
