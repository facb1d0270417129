/**
 * The host is the single writer of its database (design.md §4). A second process that opened the same file
 * to write (the CLI's `runs resume` while the app runs a search) would run start-up recovery and mark the
 * other process's running runs interrupted. So a writing workbench holds `<db>.lock`, created exclusively
 * and holding its pid; a lock whose pid is no longer alive is stale (that process crashed) and is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { EnasError } from '../shared/errors';

export interface WriterLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else; it still holds the database.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

function tryCreate(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Whether a live process holds the database's writer lock. A reader uses it to tell a run that is running
 * from one whose writer died (SIGKILL, power cut) and left it `running` until the next writer's recovery.
 */
export function writerAlive(dbFile: string): boolean {
  let holder: number;
  try {
    holder = Number.parseInt(readFileSync(`${dbFile}.lock`, 'utf8'), 10);
  } catch {
    return false;
  }
  return Number.isInteger(holder) && alive(holder);
}

export function acquireWriterLock(dbFile: string): WriterLock {
  const lockFile = `${dbFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(lockFile)) {
      return {
        release() {
          try {
            if (readFileSync(lockFile, 'utf8') === String(process.pid)) unlinkSync(lockFile);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    } catch {
      continue;
    }
    if (Number.isInteger(holder) && alive(holder)) {
      throw new EnasError(
        'WORKBENCH_LOCKED',
        `${dbFile} is in use by another ENAS Workbench process (pid ${holder}): close it first, or use a read-only command`,
        { file: dbFile, pid: holder },
      );
    }
    // Stale: the holder died without releasing it.
    try {
      unlinkSync(lockFile);
    } catch {
      // Another process removed it first; try again.
    }
  }
  throw new EnasError('WORKBENCH_LOCKED', `${dbFile}: cannot take the writer lock ${lockFile}`, { file: dbFile });
}
