/**
 * Follows one run in the foreground until it ends: prints the progress line and a line per epoch, and turns
 * Ctrl-C into a graceful stop (the trainer checkpoints first, so `enas runs resume` continues later).
 */
import type { WorkbenchEvent } from '../../shared/api';
import type { RunRecord } from '../../shared/run';
import type { CliIo } from '../cli-io';
import type { RunWorkbench } from '../cli-workbench';
import { createLiveLine } from '../live-line';
import { backendLine } from './backend-line';
import { foldProgress, formatProgress, initialProgress } from './progress-line';

export interface FollowOptions {
  json: boolean;
  /** Draw the live line in place (a terminal) or print it at most every `intervalMs`. */
  tty: boolean;
  intervalMs?: number;
  scoreName: 'accuracy' | 'perplexity';
  /** Print the trainer's reasons for every skipped backend in full. */
  verbose?: boolean;
  now?: () => number;
}

export async function followRun(workbench: RunWorkbench, runId: number, io: CliIo, options: FollowOptions): Promise<RunRecord> {
  const live = createLiveLine(io, { tty: options.tty, intervalMs: options.intervalMs ?? 10_000, ...(options.now ? { now: options.now } : {}) });
  const clearLive = (): void => live.clear();
  let state = initialProgress();
  const unsubscribe = workbench.subscribe((event: WorkbenchEvent) => {
    const mine = (event.type === 'run-updated' && event.run.id === runId) || ('runId' in event && event.runId === runId);
    if (!mine) return;
    if (options.json) {
      io.stdout(`${JSON.stringify(event)}\n`);
      return;
    }
    if (event.type !== 'trainer-event') return;
    const m = event.message;
    state = foldProgress(state, m);
    if (m.type === 'epoch-ended') {
      clearLive();
      const metrics = Object.entries(m.metrics)
        .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
        .join(', ');
      io.stderr(`run ${runId}: ${state.stage} epoch ${m.epoch + 1}/${m.epochs} done at step ${m.step}${metrics ? ` · ${metrics}` : ''}\n`);
    } else if (m.type === 'backend-selected') {
      io.stderr(backendLine(runId, m, options.verbose === true));
    } else if (m.type === 'log' && (m.level === 'warn' || m.level === 'error')) {
      clearLive();
      io.stderr(`run ${runId}: ${m.level}: ${m.message}\n`);
    } else if (m.type === 'progress' || m.type === 'architecture-sampled' || m.type === 'step-metrics') {
      live.show(formatProgress(state, options.scoreName));
    }
  });
  let stopping = false;
  const removeInterrupt = io.onInterrupt(() => {
    if (stopping) return;
    stopping = true;
    clearLive();
    io.stderr(`stopping run ${runId}: the trainer writes a checkpoint first (resume with: enas runs resume ${runId})…\n`);
    workbench.handlers['runs.stop']({ runId }).catch((err: unknown) => io.stderr(`enas: ${err instanceof Error ? err.message : String(err)}\n`));
  });
  try {
    await workbench.idle(runId);
  } finally {
    removeInterrupt();
    unsubscribe();
    clearLive();
  }
  return (await workbench.handlers['runs.get']({ runId })).run;
}
