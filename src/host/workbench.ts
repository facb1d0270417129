/**
 * The workbench: the Electron-free application services behind the workbench API (docs/architecture.md §4). It
 * recovers from a previous crash at creation (recovery.ts), then serves one handler map for the whole API,
 * supervises trainers through the injected launcher, persists what they send and pushes events to every
 * subscriber. Adapters (ipcMain, WebSocket, CLI) call `invoke` with an untrusted payload, or `handlers`
 * directly when the request is already typed.
 */
import { availableParallelism } from 'node:os';
import { DATABASE_WRITE_METHODS, workbenchApi } from '../shared/api';
import type { ApiHandlers, ApiMethod, WorkbenchEvent } from '../shared/api';
import { EnasError } from '../shared/errors';
import type { Store } from '../store/store';
import { describeIssues } from './describe-issues';
import { createUploadArea } from './datasets/upload-area';
import type { UploadArea, UploadLimits } from './datasets/upload-area';
import { createEventHub } from './event-hub';
import { DEFAULT_FLUSH_WINDOW } from './event-persister';
import type { FlushWindow } from './event-persister';
import type { CheckpointWeightsReader } from './exports/export-weights';
import { createDatasetHandlers } from './handlers/dataset-handlers';
import { createExportHandlers } from './handlers/export-handlers';
import type { HandlerContext } from './handlers/handler-context';
import { createQueryHandlers } from './handlers/query-handlers';
import { createRunsHandlers } from './handlers/runs-handlers';
import { createStudyHandlers } from './handlers/study-handlers';
import { systemClock } from './ports';
import type { Clock, Logger } from './ports';
import type { ProcessLauncher } from './process-launcher';
import { recoverAtStartup } from './recovery';
import type { RecoveryReport } from './recovery';
import { DEFAULT_RESTART_POLICY } from './restart-policy';
import type { RestartPolicy } from './restart-policy';
import { createRunLifecycle } from './run-lifecycle';
import { createStudyRunner } from './studies/study-runner';
import { createSlurmHandlers } from './handlers/slurm-handlers';
import { acquireWriterLock, writerAlive } from './writer-lock';
import { autoRetrainListener } from './auto-retrain';
import { asReadOnlyView } from './read-only-view';

export interface TrainerEntry {
  /** The trainer's entry module. */
  entry: string;
  /** Default `[]`; `['--import', 'tsx']` for a .ts entry under Node. */
  execArgv?: readonly string[];
  /** Added to the trainer's environment. */
  env?: Readonly<Record<string, string>>;
}

export interface WorkbenchOptions {
  /** The open store; the workbench is its only writer, and the caller closes it after `close()`. */
  store: Store;
  /**
   * `write` (default) takes the database's writer lock and runs start-up recovery; `read` does neither and
   * refuses the methods that change the database, so the CLI can list and export while the app runs.
   */
  access?: 'write' | 'read';
  launcher: ProcessLauncher;
  trainer: TrainerEntry;
  paths: {
    /** Root of imported datasets (a dataset row's relative path is resolved against it). */
    dataDir: string;
    /** Where checkpoint files are kept; trainers write into `staging/run-<id>` below it. */
    checkpointDir: string;
  };
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: discard. */
  log?: Logger;
  supervision?: {
    /** Wait for `ready` after launch; default 60 s (the trainer loads tfjs and probes backends first). */
    readyTimeoutMs?: number;
    /** Wait for the exit after `stop` before SIGKILL; default 30 s (it writes a checkpoint first). */
    stopTimeoutMs?: number;
  };
  /** Default ≤ 64 steps or ≤ 1 s (docs/reliability.md T1.1). */
  flushWindow?: FlushWindow;
  /** Default 3 attempts, 1 s doubling (docs/reliability.md T1.4). */
  restart?: RestartPolicy;
  /** Decodes a checkpoint's weights for `exports.weights`; without it that export is unavailable. */
  readCheckpointWeights?: CheckpointWeightsReader;
  /** Trainers a study may run at once, at most; default the machine's cores (os.availableParallelism). */
  cores?: number;
  /** Caps of browser uploads; default DEFAULT_UPLOAD_LIMITS. */
  uploadLimits?: Partial<UploadLimits>;
}

export interface Workbench {
  readonly handlers: ApiHandlers;
  /** Parses `request` with the method's schema, then runs its handler. Throws EnasError (API_* codes). */
  invoke(method: string, request: unknown): Promise<unknown>;
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  /** Where browser mode's HTTP uploads go before `datasets.importUpload` imports them. */
  readonly uploads: UploadArea;
  /** What start-up recovery did. */
  readonly recovery: RecoveryReport;
  /** Resolves once the run has no trainer and no automatic restart pending. */
  idle(runId: number): Promise<void>;
  /** Resolves once the study is not running in this workbench (finished, stopped or given up). */
  studyIdle(studyId: number): Promise<void>;
  /** Stops every trainer (gracefully, then by force) and cancels pending restarts. */
  close(): Promise<void>;
}

const silent: Logger = { log: () => undefined };

function isApiMethod(method: string): method is ApiMethod {
  return Object.hasOwn(workbenchApi, method);
}

export async function createWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const { store, paths } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silent;
  const access = options.access ?? 'write';
  const lock = access === 'write' ? acquireWriterLock(store.file) : undefined;
  let recovery: RecoveryReport;
  try {
    recovery =
      access === 'write'
        ? await recoverAtStartup(store, paths.checkpointDir, clock, log)
        : { interrupted: [], sweep: { tempFiles: [], orphanFiles: [], danglingRows: [] } };
  } catch (err) {
    lock?.release();
    throw err;
  }
  const uploads = createUploadArea(paths.dataDir, options.uploadLimits, () => clock.now());
  // Uploads of an earlier process can never be imported (their ids died with it): sweep them.
  if (access === 'write') await uploads.removeStale();
  const hub = createEventHub(log);
  const lifecycle = createRunLifecycle({
    store,
    launcher: options.launcher,
    trainer: { entry: options.trainer.entry, execArgv: options.trainer.execArgv ?? [], env: options.trainer.env ?? {} },
    dataDir: paths.dataDir,
    checkpointDir: paths.checkpointDir,
    clock,
    log,
    timeouts: {
      readyMs: options.supervision?.readyTimeoutMs ?? 60_000,
      stopMs: options.supervision?.stopTimeoutMs ?? 30_000,
    },
    window: options.flushWindow ?? DEFAULT_FLUSH_WINDOW,
    restart: options.restart ?? DEFAULT_RESTART_POLICY,
    emit: hub.emit,
  });
  const ctx: HandlerContext = {
    store,
    lifecycle,
    hub,
    dataDir: paths.dataDir,
    checkpointDir: paths.checkpointDir,
    readCheckpointWeights: options.readCheckpointWeights,
    clock,
    uploads,
  };
  const studies = createStudyRunner({
    store,
    lifecycle,
    dataDir: paths.dataDir,
    cores: options.cores ?? availableParallelism(),
    log,
    emit: hub.emit,
  });
  const handlers: ApiHandlers = {
    ...createRunsHandlers(ctx),
    ...createStudyHandlers(ctx, studies),
    ...createSlurmHandlers(ctx),
    ...createQueryHandlers(ctx),
    ...createDatasetHandlers(ctx),
    ...createExportHandlers(ctx),
  };
  if (access === 'read') {
    const refuse = (method: string) => () =>
      Promise.reject(new EnasError('WORKBENCH_READ_ONLY', `${method}: this workbench opened ${store.file} read-only`, { method }));
    Object.assign(handlers, Object.fromEntries(DATABASE_WRITE_METHODS.map((method) => [method, refuse(method)])));
    const stored = { 'runs.list': handlers['runs.list'], 'runs.get': handlers['runs.get'] };
    Object.assign(handlers, asReadOnlyView(stored, () => writerAlive(store.file)));
  }

  if (access === 'write') hub.subscribe(autoRetrainListener(handlers, log));

  return {
    handlers,
    async invoke(method, request) {
      if (!isApiMethod(method)) {
        throw new EnasError('API_UNKNOWN_METHOD', `unknown workbench method "${method}"`, { method });
      }
      const parsed = workbenchApi[method].request.safeParse(request);
      if (!parsed.success) {
        throw new EnasError('API_BAD_REQUEST', `${method}: ${describeIssues(parsed.error)}`, { method });
      }
      // The method and its parsed request correlate, which TypeScript cannot follow through the union.
      const handler = handlers[method] as (request: unknown) => Promise<unknown>;
      return handler(parsed.data);
    },
    subscribe: hub.subscribe,
    uploads,
    recovery,
    idle: (runId) => lifecycle.idle(runId),
    studyIdle: (studyId) => studies.idle(studyId),
    async close() {
      try {
        // Studies first: a study stopping its runs must not start new ones while the lifecycle shuts down.
        await studies.shutdown();
        await lifecycle.shutdown();
      } finally {
        lock?.release();
      }
    },
  };
}
