/**
 * The run lifecycle: start a created run, stop a running one, resume an ended one from its last checkpoint,
 * and act on every trainer's end (run-outcome.ts), automatic restarts included. One session per running
 * run; the host is the only one who changes a run's status (docs/architecture.md §4), and every change is pushed as
 * `run-updated`.
 */
import { mkdirSync } from 'node:fs';
import type { WorkbenchEvent } from '../shared/api';
import { EnasError, toWireError } from '../shared/errors';
import type { WireError } from '../shared/errors';
import type { CheckpointRecord, RunRecord, RunStatus } from '../shared/run';
import type { Store } from '../store/store';
import { stagingDirOf } from './checkpoint-intake';
import { resolveDataset } from './dataset-resolver';
import type { FlushWindow } from './event-persister';
import type { Clock, Logger, TimerHandle } from './ports';
import type { LaunchRequest, ProcessLauncher } from './process-launcher';
import type { RestartPolicy } from './restart-policy';
import { decideRunEnd } from './run-outcome';
import type { RunDecision } from './run-outcome';
import { startRunSession } from './run-session';
import { fromStoredConfig } from './stored-config';
import type { RunSession, SessionTimeouts } from './run-session';

export interface RunLifecycleOptions {
  store: Store;
  launcher: ProcessLauncher;
  trainer: LaunchRequest;
  dataDir: string;
  checkpointDir: string;
  clock: Clock;
  log: Logger;
  timeouts: SessionTimeouts;
  window: FlushWindow;
  restart: RestartPolicy;
  emit(event: WorkbenchEvent): void;
}

export interface RunLifecycle {
  /** Launches the trainer of a `created` run; returns the run, now `running`. */
  start(runId: number): RunRecord;
  /** Relaunches an ended run from its last checkpoint (from scratch when it has none). */
  resume(runId: number): RunRecord;
  /** Stops a running run (or cancels a pending automatic restart); resolves once it has ended. */
  stop(runId: number): Promise<RunRecord>;
  /** True while the run has a trainer or an automatic restart pending. */
  isBusy(runId: number): boolean;
  /** Resolves once the run has no trainer and no automatic restart pending, its last end recorded. */
  idle(runId: number): Promise<void>;
  /** Stops every trainer and cancels pending restarts (app quit, CLI exit). */
  shutdown(): Promise<void>;
}

const RESUMABLE: readonly RunStatus[] = ['interrupted', 'stopped', 'paused', 'failed'];

interface PendingRestarts {
  attempts: number;
  timer?: TimerHandle;
  /** Resolves when the pending restart fired or was cancelled. */
  fired?: Promise<void>;
  fire?: () => void;
}

interface ActiveRun {
  session: RunSession;
  stopRequested: boolean;
  done: Promise<void>;
}

export function createRunLifecycle(options: RunLifecycleOptions): RunLifecycle {
  const { store, log, clock } = options;
  const active = new Map<number, ActiveRun>();
  /** Automatic restarts since the run's last adopted checkpoint, and the pending one's timer. */
  const restarts = new Map<number, PendingRestarts>();

  const mustGet = (runId: number): RunRecord => {
    const run = store.runs.get(runId);
    if (run === undefined) throw new EnasError('RUN_NOT_FOUND', `no run with id ${runId}`, { runId });
    return run;
  };
  const setStatus = (runId: number, status: RunStatus, error?: WireError): RunRecord => {
    const run = store.runs.setStatus(runId, status, error);
    options.emit({ type: 'run-updated', run });
    return run;
  };
  const note = (runId: number, level: RunDecision['note']['level'], message: string): void => {
    store.writeBatch({ events: [{ runId, level, message, ts: clock.now() }] });
  };
  const cancelRestart = (runId: number): boolean => {
    const pending = restarts.get(runId);
    restarts.delete(runId);
    if (pending?.timer === undefined) return false;
    clock.clearTimeout(pending.timer);
    pending.fire?.();
    return true;
  };

  const finish = (runId: number, decision: RunDecision): void => {
    // The status first: on a nearly full disk the small status update may still fit where the log line
    // does not. If neither fits, the run stays `running` and start-up recovery marks it interrupted.
    try {
      setStatus(runId, decision.status, decision.error);
    } catch (err) {
      log.log('error', `run ${runId}: cannot record "${decision.status}": ${err instanceof Error ? err.message : String(err)}`, { runId });
      return;
    }
    try {
      note(runId, decision.note.level, decision.note.message);
    } catch (err) {
      log.log('warn', `run ${runId}: cannot log "${decision.note.message}": ${err instanceof Error ? err.message : String(err)}`, { runId });
    }
    if (decision.restartInMs !== undefined) {
      const entry = restarts.get(runId) ?? { attempts: 0 };
      entry.attempts += 1;
      entry.fired = new Promise((resolve) => (entry.fire = resolve));
      entry.timer = clock.setTimeout(() => {
        entry.timer = undefined;
        entry.fire?.();
        try {
          if (store.runs.get(runId)?.status === 'interrupted' && !active.has(runId)) launch(runId, 'automatic');
        } catch (err) {
          // The run cannot be relaunched (its dataset is gone, its config no longer parses): say why.
          log.log('error', `run ${runId}: automatic restart failed: ${err instanceof Error ? err.message : String(err)}`, { runId });
          restarts.delete(runId);
          try {
            setStatus(runId, 'failed', toWireError(err));
          } catch {
            // Nothing more to do: it stays interrupted and can be resumed by hand.
          }
        }
      }, decision.restartInMs);
      restarts.set(runId, entry);
      return;
    }
    restarts.delete(runId);
    if (decision.status !== 'interrupted') {
      // End of run: fold the WAL back into the database so it does not linger at its peak size (T2.5).
      try {
        store.checkpointWal();
      } catch (err) {
        log.log('warn', `wal_checkpoint after run ${runId} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  const launch = (runId: number, how: 'start' | 'resume' | 'automatic'): RunRecord => {
    const run = mustGet(runId);
    const { config, job } = fromStoredConfig(run);
    const dataset = resolveDataset(store, options.dataDir, run.datasetId === null ? config.dataset : String(run.datasetId));
    // A scoring starts (and restarts) from the final checkpoint of the search whose supernet it uses.
    const checkpoint: CheckpointRecord | undefined =
      job.kind === 'score' ? store.checkpoints.latest(job.fromRunId) : how === 'start' ? undefined : store.checkpoints.latest(runId);
    const staging = stagingDirOf(options.checkpointDir, runId);
    mkdirSync(staging, { recursive: true });

    note(runId, 'info', how === 'start' ? 'started' : `${how === 'automatic' ? 'restarted automatically' : 'resumed'} ${checkpoint === undefined ? 'from scratch (no checkpoint)' : `from the checkpoint at step ${checkpoint.step}`}`);
    const record = setStatus(runId, 'running');
    const entry: ActiveRun = {
      stopRequested: false,
      done: Promise.resolve(),
      session: startRunSession({
        runId,
        start: {
          type: 'start',
          runId,
          job,
          config,
          datasetDir: dataset.dir,
          checkpointDir: staging,
          resumeFrom: checkpoint?.path ?? null,
        },
        checkpointDir: options.checkpointDir,
        launcher: options.launcher,
        trainer: options.trainer,
        store,
        clock,
        log,
        timeouts: options.timeouts,
        window: options.window,
        emit: options.emit,
        onCheckpoint: () => {
          // Progress since the last crash: the next crash starts counting restarts again.
          const pending = restarts.get(runId);
          if (pending !== undefined && pending.timer === undefined) restarts.delete(runId);
        },
      }),
    };
    entry.done = entry.session.ended.then(
      (end) => {
        active.delete(runId);
        const attempt = (restarts.get(runId)?.attempts ?? 0) + 1;
        finish(runId, decideRunEnd(end, entry.stopRequested, attempt, options.restart));
      },
      (err: unknown) => {
        active.delete(runId);
        log.log('error', `run ${runId}: session failed: ${err instanceof Error ? err.message : String(err)}`, { runId });
      },
    );
    active.set(runId, entry);
    return record;
  };

  const assertIdle = (run: RunRecord, allowed: readonly RunStatus[], action: string): void => {
    if (active.has(run.id) || !allowed.includes(run.status)) {
      throw new EnasError(
        'RUN_BAD_STATE',
        `cannot ${action} run ${run.id}: it is ${active.has(run.id) ? 'running' : run.status}, expected ${allowed.join(' or ')}`,
        { runId: run.id, status: run.status },
      );
    }
  };

  return {
    start(runId) {
      assertIdle(mustGet(runId), ['created'], 'start');
      return launch(runId, 'start');
    },
    resume(runId) {
      assertIdle(mustGet(runId), RESUMABLE, 'resume');
      cancelRestart(runId);
      return launch(runId, 'resume');
    },
    async stop(runId) {
      const run = mustGet(runId);
      const entry = active.get(runId);
      if (entry !== undefined) {
        entry.stopRequested = true;
        await entry.session.stop();
        await entry.done;
        return mustGet(runId);
      }
      if (cancelRestart(runId)) {
        note(runId, 'info', 'stopped: the pending automatic restart was cancelled');
        return setStatus(runId, 'stopped', run.error ?? undefined);
      }
      const why = run.status === 'running' ? 'it has no trainer in this process' : `it is ${run.status}, not running`;
      throw new EnasError('RUN_BAD_STATE', `cannot stop run ${runId}: ${why}`, {
        runId,
        status: run.status,
      });
    },
    isBusy(runId) {
      return active.has(runId) || restarts.get(runId)?.timer !== undefined;
    },
    async idle(runId) {
      for (;;) {
        const entry = active.get(runId);
        const pending = restarts.get(runId);
        if (entry !== undefined) await entry.done;
        else if (pending?.timer !== undefined) await pending.fired;
        else return;
      }
    },
    async shutdown() {
      for (const runId of [...restarts.keys()]) cancelRestart(runId);
      await Promise.all(
        [...active.entries()].map(async ([, entry]) => {
          entry.stopRequested = true;
          await entry.session.stop();
          await entry.done;
        }),
      );
    },
  };
}
