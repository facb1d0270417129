/**
 * What a trainer's end means for its run, decided in one place: the status the run moves to, the error it
 * keeps, the line written to its log, and whether the host restarts the trainer by itself.
 *
 * - `finished` → completed, or stopped when it ended on a stop request.
 * - `failed` (the trainer said so, or the host refused it) → failed; restarting would fail the same way.
 * - killed on a stop timeout, or crashed while stopping → stopped: the user asked for it to end.
 * - crashed → interrupted, restarted after a backoff; after the policy's last attempt → failed, keeping the
 *   crash's code (TRAINER_OUT_OF_MEMORY says what to change) (docs/reliability.md T1.1, T1.4).
 * - persisting failed → paused on a full disk (free space, then resume), failed otherwise.
 */
import type { WireError } from '../shared/errors';
import type { EventLevel, RunStatus } from '../shared/run';
import { restartDelay } from './restart-policy';
import type { RestartPolicy } from './restart-policy';
import type { SessionEnd } from './run-session';

export interface RunDecision {
  status: Extract<RunStatus, 'completed' | 'stopped' | 'failed' | 'interrupted' | 'paused'>;
  error?: WireError;
  note: { level: EventLevel; message: string };
  /** Set when the host restarts the trainer from the last checkpoint after this many milliseconds. */
  restartInMs?: number;
}

/**
 * `restartAttempt` is the number the next automatic restart would have (1 after a run that had not been
 * restarted since its last checkpoint).
 */
export function decideRunEnd(
  end: SessionEnd,
  stopRequested: boolean,
  restartAttempt: number,
  policy: RestartPolicy,
): RunDecision {
  if (end.storeError !== undefined) {
    const status = end.storeError.code === 'STORE_DISK_FULL' ? 'paused' : 'failed';
    return { status, error: end.storeError, note: { level: 'error', message: `${status}: ${end.storeError.message}` } };
  }
  const { outcome } = end;
  switch (outcome.kind) {
    case 'finished':
      return outcome.stopped
        ? { status: 'stopped', note: { level: 'info', message: 'stopped; resume continues from the last checkpoint' } }
        : { status: 'completed', note: { level: 'info', message: 'completed' } };
    case 'failed':
      return { status: 'failed', error: outcome.error, note: { level: 'error', message: `failed: ${outcome.error.message}` } };
    case 'killed':
      return {
        status: 'stopped',
        note: { level: 'warn', message: 'stopped by force: the trainer did not stop in time; resume continues from the last checkpoint' },
      };
    case 'crashed': {
      if (stopRequested) {
        return { status: 'stopped', error: outcome.error, note: { level: 'warn', message: `stopped: ${outcome.error.message}` } };
      }
      const delay = policy.maxAttempts > 0 ? restartDelay(policy, restartAttempt) : undefined;
      if (delay !== undefined) {
        return {
          status: 'interrupted',
          error: outcome.error,
          note: {
            level: 'warn',
            message: `interrupted: ${outcome.error.message}; automatic restart ${restartAttempt}/${policy.maxAttempts} in ${delay} ms`,
          },
          restartInMs: delay,
        };
      }
      if (policy.maxAttempts === 0) {
        return { status: 'interrupted', error: outcome.error, note: { level: 'warn', message: `interrupted: ${outcome.error.message}` } };
      }
      const error: WireError = {
        ...outcome.error,
        message: `${outcome.error.message}; gave up after ${policy.maxAttempts} automatic restarts`,
      };
      return { status: 'failed', error, note: { level: 'error', message: `failed: ${error.message}` } };
    }
  }
}
