/**
 * How `enas search` finds the workbench that holds a database, to hand its run over rather than be refused
 * (W&B / TensorBoard style: start in a terminal, watch in the browser or the app). A serving workbench
 * (`enas serve`, or the desktop app's hand-off endpoint, handoff-endpoint.ts) writes
 * `<db>.server.json` next to the database's writer lock: its pid, the WebSocket URL and the access token.
 * The token controls the workbench, so the file is created with mode 0600 (readable only by its owner) and a
 * reader refuses one that others could read or that belongs to another user; it is removed when the server
 * closes, and a file whose pid is gone is stale (that server crashed).
 */
import { chmodSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { EnasError } from '../shared/errors';

const handoffSchema = z.object({
  pid: z.number().int().positive(),
  /** `ws://127.0.0.1:PORT/api` */
  url: z.string().regex(/^wss?:\/\//),
  token: z.string().min(16).max(200),
  /** Who holds the database: `enas serve` (the default of files written before this field) or the desktop app. */
  holder: z.enum(['serve', 'app']).default('serve'),
});
export type Handoff = z.output<typeof handoffSchema>;

export function handoffFileOf(dbFile: string): string {
  return `${dbFile}.server.json`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

/** Writes the file (0600, replacing a stale one); returns the function that removes it. */
export function writeHandoffFile(dbFile: string, handoff: Omit<Handoff, 'pid'>): () => void {
  const file = handoffFileOf(dbFile);
  const content = JSON.stringify({ pid: process.pid, ...handoff });
  try {
    unlinkSync(file);
  } catch {
    // None yet.
  }
  // `wx` with mode 0600: created by us, never readable by others even for a moment (the umask only narrows).
  writeFileSync(file, `${content}\n`, { flag: 'wx', mode: 0o600 });
  chmodSync(file, 0o600);
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === content) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
}

/**
 * The live server of a database, or undefined when there is none (no file, or its process is gone).
 * Throws HANDOFF_UNSAFE for a file that others can read or that another user owns.
 */
export function readHandoffFile(dbFile: string): Handoff | undefined {
  const file = handoffFileOf(dbFile);
  const info = statSync(file, { throwIfNoEntry: false });
  if (info === undefined) return undefined;
  const uid = process.getuid?.();
  if ((uid !== undefined && info.uid !== uid) || (process.platform !== 'win32' && (info.mode & 0o077) !== 0)) {
    throw new EnasError(
      'HANDOFF_UNSAFE',
      `${file} holds a workbench access token but is readable by others or owned by another user (mode ${(info.mode & 0o777).toString(8)}): not using it`,
      { file },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = handoffSchema.safeParse(raw);
  if (!parsed.success || !alive(parsed.data.pid)) return undefined;
  return parsed.data;
}
