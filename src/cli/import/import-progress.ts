/**
 * The progress of `enas import`, from the host's pushed `dataset-import-progress` reports (already
 * throttled to ≤ 10 a second): on a terminal one live line redrawn in place, e.g.
 * `importing "fashion": train-images-idx3-ubyte.gz 45% (12.1 of 26.4 MB)`; otherwise (a log file, a pipe)
 * the first report and then at most one plain line every `intervalMs`, as `enas search` does.
 */
import type { WorkbenchEvent } from '../../shared/api';
import type { DatasetImportProgressReport } from '../../shared/dataset';
import type { CliIo } from '../cli-io';
import { createLiveLine } from '../live-line';

const MB = 1e6;

export function formatImportProgress(p: DatasetImportProgressReport): string {
  const percent = p.total > 0 ? ` ${Math.min(100, Math.floor((100 * p.done) / p.total))}%` : '';
  const amount =
    p.unit === 'bytes'
      ? `${(p.done / MB).toFixed(1)} of ${(p.total / MB).toFixed(1)} MB`
      : `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} ${p.unit}`;
  return `importing "${p.name}": ${p.file}${percent} (${amount})`;
}

export interface ImportProgressPrinter {
  onEvent(event: WorkbenchEvent): void;
  /** Clear the live line (before the result or the error is printed). */
  end(): void;
}

export function createImportProgressPrinter(io: CliIo, options: { tty: boolean; intervalMs?: number; now?: () => number }): ImportProgressPrinter {
  const live = createLiveLine(io, { tty: options.tty, intervalMs: options.intervalMs ?? 2000, ...(options.now ? { now: options.now } : {}) });
  return {
    onEvent(event) {
      if (event.type !== 'dataset-import-progress' || event.progress.phase !== 'convert') return;
      live.show(formatImportProgress(event.progress));
    },
    end: () => live.clear(),
  };
}
