/**
 * One trainer attempt for one run: launch, handshake, `start`, then every message persisted in order
 * (checkpoints verified and adopted, the derived ranking replaced, the rest in flush windows) and pushed to
 * subscribers after it committed. It ends once the process exited and everything it sent is in the store;
 * the lifecycle (run-lifecycle.ts) decides what that means for the run's status.
 */
import { EnasError, toWireError } from '../shared/errors';
import type { WireError } from '../shared/errors';
import type { StartMessage, TrainerMessage } from '../shared/protocol';
import type { WorkbenchEvent } from '../shared/api';
import type { Store } from '../store/store';
import { adoptCheckpoint } from './checkpoint-intake';
import { createEventPersister } from './event-persister';
import type { FlushWindow } from './event-persister';
import type { Clock, Logger } from './ports';
import type { LaunchRequest, ProcessLauncher } from './process-launcher';
import { superviseTrainer } from './trainer-supervisor';
import type { TrainerOutcome, TrainerSupervisor } from './trainer-supervisor';

export interface SessionTimeouts {
  /** For `ready` after launch (tfjs and a GPU backend can take seconds to load). */
  readyMs: number;
  /** For the exit after `stop`, `finished` or `failed`, before SIGKILL. */
  stopMs: number;
}

export interface RunSessionOptions {
  runId: number;
  start: StartMessage;
  /** Where adopted checkpoint files are kept (the store's checkpoint folder). */
  checkpointDir: string;
  launcher: ProcessLauncher;
  trainer: LaunchRequest;
  store: Store;
  clock: Clock;
  log: Logger;
  timeouts: SessionTimeouts;
  window: FlushWindow;
  emit(event: WorkbenchEvent): void;
  /** A checkpoint was adopted: the run made progress. */
  onCheckpoint(): void;
}

export interface SessionEnd {
  outcome: TrainerOutcome;
  /** Set when persisting failed (disk full, I/O): the trainer was killed because of it. */
  storeError?: WireError;
}

export interface RunSession {
  /** Resolves after the process exited and its messages are persisted. */
  readonly ended: Promise<SessionEnd>;
  /** Asks the trainer to stop; resolves with the session's end. */
  stop(): Promise<SessionEnd>;
}

export function startRunSession(options: RunSessionOptions): RunSession {
  const { runId, store, log } = options;
  let supervisor: TrainerSupervisor | undefined;
  let storeError: WireError | undefined;
  let stopWanted = false;
  let queue: Promise<void> = Promise.resolve();

  const persister = createEventPersister({
    runId,
    store,
    clock: options.clock,
    window: options.window,
    publish: (messages) => {
      for (const message of messages) options.emit({ type: 'trainer-event', runId, message });
    },
    onError: (err) => failPersisting(err),
  });

  function failPersisting(err: unknown): void {
    if (storeError !== undefined) return;
    storeError = toWireError(err);
    log.log('error', `run ${runId}: persisting trainer events failed; the trainer is killed: ${storeError.message}`, { runId });
    persister.dispose();
    supervisor?.kill();
  }

  async function handle(message: TrainerMessage): Promise<void> {
    switch (message.type) {
      case 'progress':
        options.emit({ type: 'trainer-event', runId, message });
        return;
      case 'checkpoint-written':
        // Rows up to the checkpoint's step are committed before it exists, so a resume from it finds every
        // earlier row in the store and replays only what follows.
        persister.flush();
        try {
          await adoptCheckpoint(store, options.checkpointDir, runId, message);
          options.onCheckpoint();
        } catch (err) {
          if (!(err instanceof EnasError) || err.code !== 'CHECKPOINT_MISMATCH') throw err;
          persister.add({ type: 'log', level: 'error', message: err.message });
        }
        persister.add(message);
        persister.flush();
        return;
      case 'derived':
        persister.flush();
        store.derived.replace(runId, message.architectures);
        persister.add(message);
        persister.flush();
        return;
      case 'health':
        persister.flush();
        store.health.put(runId, message.health);
        persister.add(message);
        persister.flush();
        return;
      case 'finished':
      case 'failed':
        persister.add(message);
        persister.flush();
        return;
      default:
        persister.add(message);
    }
  }

  const enqueue = (message: TrainerMessage): void => {
    queue = queue.then(async () => {
      if (storeError !== undefined) return;
      try {
        await handle(message);
      } catch (err) {
        failPersisting(err);
      }
    });
  };

  const run = async (): Promise<SessionEnd> => {
    let trainer;
    try {
      trainer = await options.launcher.launch(options.trainer);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const error = new EnasError('TRAINER_START_FAILED', `run ${runId}: cannot start the trainer ${options.trainer.entry}: ${reason}`);
      log.log('error', error.message, { runId });
      return { outcome: { kind: 'failed', error: toWireError(error) } };
    }
    supervisor = superviseTrainer({
      process: trainer,
      runId,
      clock: options.clock,
      log,
      readyTimeoutMs: options.timeouts.readyMs,
      exitTimeoutMs: options.timeouts.stopMs,
      onMessage: enqueue,
    });
    if (await supervisor.ready) {
      // A stop asked for during the handshake: the run never started, so nothing is lost by a kill.
      if (stopWanted) supervisor.kill();
      else supervisor.send(options.start);
    }
    const end = await supervisor.ended;
    await queue;
    if (storeError === undefined) {
      try {
        persister.flush();
      } catch (err) {
        failPersisting(err);
      }
    }
    persister.dispose();
    return storeError === undefined ? { outcome: end.outcome } : { outcome: end.outcome, storeError };
  };

  const ended = run();
  return {
    ended,
    stop() {
      stopWanted = true;
      if (supervisor !== undefined) void supervisor.stop(options.timeouts.stopMs);
      return ended;
    },
  };
}
