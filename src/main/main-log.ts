/**
 * The app's log: one line per entry, appended to `logs/main.log` in the data folder (where a user finds it
 * to attach to a bug report), warnings and errors echoed to stderr. Details are JSON; a detail that cannot
 * be serialised is written as its string.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../host/ports';

function serialise(detail: Record<string, unknown> | undefined): string {
  if (detail === undefined) return '';
  try {
    return ` ${JSON.stringify(detail)}`;
  } catch {
    return ` ${String(detail)}`;
  }
}

export function createFileLogger(file: string, now: () => Date = () => new Date()): Logger {
  mkdirSync(dirname(file), { recursive: true });
  return {
    log(level, message, detail) {
      const line = `${now().toISOString()} ${level.toUpperCase()} ${message}${serialise(detail)}\n`;
      try {
        appendFileSync(file, line);
      } catch {
        // A full disk must not take the app down with it; the echo below still shows it.
      }
      if (level === 'warn' || level === 'error') process.stderr.write(line);
    },
  };
}
