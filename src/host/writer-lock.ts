/**
 * The host is the single writer of its database (docs/architecture.md, "One writer"). A second process that
 * opened the same file to write (the CLI's `runs resume` while the app runs a search) would run start-up
 * recovery and mark the other process's running runs interrupted. So a writing workbench holds `<db>.lock`.
 *
 * - Taking it is one atomic step with the content already in place: the holder's identity is written to a
 *   private temp file, which is then hard-linked to `<db>.lock` (link fails if the name exists). A reader
 *   never sees an empty or half-written lock.
 * - The holder is identified by pid, host name, boot and process start time (lock-holder.ts), so a pid
 *   reused by another process, after a reboot or not, is not mistaken for the holder.
 * - A stale lock (its holder is gone) is taken over only under `<db>.lock.takeover`, itself created
 *   exclusively; under it the lock is moved aside by rename and deleted only if it is still the stale one
 *   that was judged, so two writers starting together after a crash cannot both end up holding it.
 */
import { hostname } from 'node:os';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { EnasError } from '../shared/errors';
import { describeHolder, holderIsGone, ownIdentity, parseHolder } from './lock-holder';
import type { LockHolder } from './lock-holder';

export interface WriterLock {
  release(): void;
}

/** A takeover lock older than this was left by a process that died while taking over (a takeover takes µs). */
const TAKEOVER_STALE_MS = 10_000;
/** How often a process waits for another's takeover to finish before it gives up. */
const MAX_ATTEMPTS = 50;

let tempCounter = 0;

function errno(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Creates `file` holding `content`, atomically and only if it does not exist; false when it exists. */
function createWithContent(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.${(tempCounter += 1)}.tmp`;
  writeFileSync(temp, content, { flag: 'wx' });
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Removes `file` only if its content is still `expected`: moved aside first, put back if it changed. */
function removeIfUnchanged(file: string, expected: string): void {
  if (readOrUndefined(file) !== expected) return;
  const aside = `${file}.${process.pid}.${(tempCounter += 1)}.stale`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if (errno(err) === 'ENOENT') return;
    throw err;
  }
  const content = readFileSync(aside, 'utf8');
  if (content !== expected) {
    // Not the one judged stale: a live holder's. Put it back (link: never over a newer one).
    try {
      linkSync(aside, file);
    } catch (err) {
      if (errno(err) !== 'EEXIST') throw err;
    }
  }
  unlinkSync(aside);
}

/** Runs `body` holding `<lock>.takeover`; false when another process holds it now. */
function underTakeoverLock(lockFile: string, body: () => void): boolean {
  const takeover = `${lockFile}.takeover`;
  if (!createWithContent(takeover, JSON.stringify(ownIdentity()))) {
    const age = Date.now() - (statSync(takeover, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    const content = readOrUndefined(takeover);
    if (age > TAKEOVER_STALE_MS && content !== undefined) removeIfUnchanged(takeover, content);
    return false;
  }
  try {
    body();
  } finally {
    unlinkSync(takeover);
  }
  return true;
}

function lockedBy(dbFile: string, holder: LockHolder): EnasError {
  return new EnasError(
    'WORKBENCH_LOCKED',
    `${dbFile} is in use by another ENAS Workbench process (${describeHolder(holder)}): close it first, or use a read-only command`,
    { file: dbFile, pid: holder.pid, ...(holder.host === hostname() ? {} : { host: holder.host }) },
  );
}

/**
 * Whether a live process holds the database's writer lock. A reader uses it to tell a run that is running
 * from one whose writer died (SIGKILL, power cut) and left it `running` until the next writer's recovery.
 */
export function writerAlive(dbFile: string): boolean {
  const content = readOrUndefined(`${dbFile}.lock`);
  return content !== undefined && !holderIsGone(parseHolder(content));
}

export function acquireWriterLock(dbFile: string): WriterLock {
  const lockFile = `${dbFile}.lock`;
  const mine = JSON.stringify(ownIdentity());
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (createWithContent(lockFile, mine)) {
      return {
        release() {
          if (readOrUndefined(lockFile) === mine) removeIfUnchanged(lockFile, mine);
        },
      };
    }
    const content = readOrUndefined(lockFile);
    if (content === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(content);
    if (holder !== undefined && !holderIsGone(holder)) throw lockedBy(dbFile, holder);
    // Stale: take it over, one process at a time. Whoever gets the takeover lock deletes the stale lock (if
    // nobody replaced it meanwhile); every process then tries to create it again, and exactly one succeeds.
    const tookOver = underTakeoverLock(lockFile, () => removeIfUnchanged(lockFile, content));
    if (!tookOver) sleepSync(5 + attempt);
  }
  throw new EnasError('WORKBENCH_LOCKED', `${dbFile}: cannot take the writer lock ${lockFile} (another process keeps taking it over)`, { file: dbFile });
}
