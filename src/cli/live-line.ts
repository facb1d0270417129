/**
 * The one live status line of a long CLI command: on a terminal redrawn in place (and cleared before any
 * permanent line), otherwise (a log file, a pipe) printed as a plain line at most every `intervalMs`, so a
 * log gets a readable trace rather than a line per event. Goes to stderr, leaving stdout for results.
 */
import type { CliIo } from './cli-io';

export interface LiveLine {
  show(line: string): void;
  /** Remove the live line from a terminal; nothing otherwise. */
  clear(): void;
}

export function createLiveLine(io: CliIo, options: { tty: boolean; intervalMs: number; now?: () => number }): LiveLine {
  const now = options.now ?? Date.now;
  let lastPrint = -Infinity;
  let shown = false;
  return {
    show(line) {
      if (options.tty) {
        io.stderr(`\r\x1b[2K${line}`);
        shown = true;
      } else if (now() - lastPrint >= options.intervalMs) {
        lastPrint = now();
        io.stderr(`${line}\n`);
      }
    },
    clear() {
      if (options.tty && shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
