/**
 * Turns the importer's progress sink (called per chunk, record batch or image: thousands of times a
 * second) into pushed reports a UI can draw: the first report at once, then at most one per `intervalMs`
 * (100 ms, so ≤ 10 a second), and always a last one saying `done` or `failed`, so a progress bar never
 * hangs at 97%. Driven by the host's clock rather than a timer, so it leaves nothing pending.
 */
import type { DatasetImportProgress, DatasetImportProgressReport } from '../../shared/dataset';
import type { ProgressSink } from './source-file';

export const PROGRESS_INTERVAL_MS = 100;

export interface ProgressReporter {
  /** Give this to the importer. */
  sink: ProgressSink;
  /** Report that the import waits for another to finish. */
  queued(): void;
  /** Report the end of the import. */
  finish(phase: 'done' | 'failed'): void;
}

export function createProgressReporter(options: {
  importId: string;
  name: string;
  now: () => number;
  emit: (report: DatasetImportProgressReport) => void;
  intervalMs?: number;
}): ProgressReporter {
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  let last: DatasetImportProgress = { file: options.name, done: 0, total: 0, unit: 'bytes' };
  let sentAt = -Infinity;
  const report = (progress: DatasetImportProgress, phase: DatasetImportProgressReport['phase']): void =>
    options.emit({ importId: options.importId, name: options.name, phase, ...progress });
  return {
    sink(progress) {
      last = progress;
      const now = options.now();
      if (now - sentAt < interval) return;
      sentAt = now;
      report(progress, 'convert');
    },
    queued() {
      report(last, 'queued');
    },
    finish(phase) {
      report(phase === 'done' && last.total > 0 ? { ...last, done: last.total } : last, phase);
    },
  };
}
