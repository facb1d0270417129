/**
 * Turns SQLite's result codes into typed EnasErrors that name the database file, so "disk full" or "not a
 * database" reaches the user as something to act on (free space on that disk, pick another file) rather
 * than as `SQLITE_FULL`. Every public store method runs behind `guardMethods`.
 */
import { EnasError } from '../shared/errors';
import type { ErrorCode } from '../shared/errors';

/** The `code` of better-sqlite3's SqliteError (e.g. `SQLITE_FULL`, `SQLITE_IOERR_WRITE`), if it is one. */
function sqliteCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || !('code' in err)) return undefined;
  const code = err.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

function classify(code: string): { code: ErrorCode; what: string } | undefined {
  // Extended codes (SQLITE_IOERR_WRITE, SQLITE_CORRUPT_VTAB, …) share their primary code's prefix.
  if (code === 'SQLITE_FULL') return { code: 'STORE_DISK_FULL', what: 'disk full: free space on that disk, then retry' };
  if (code === 'SQLITE_NOTADB') return { code: 'STORE_NOT_A_DATABASE', what: 'not an SQLite database' };
  if (code.startsWith('SQLITE_CORRUPT')) {
    return { code: 'STORE_CORRUPT', what: 'the database file is corrupt: restore it from a backup' };
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return { code: 'STORE_CANNOT_OPEN', what: 'cannot open the database file' };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { code: 'STORE_BUSY', what: 'the database is locked by another process' };
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'STORE_CONFLICT', what: 'the write breaks a constraint (an unknown run or dataset, or a bad value)' };
  }
  if (code === 'SQLITE_READONLY') {
    return { code: 'STORE_READ_ONLY', what: 'the database is open read-only here (or its file is not writable)' };
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY_')) {
    return { code: 'STORE_IO', what: 'I/O error on the database file' };
  }
  return undefined;
}

/** `err` as an EnasError naming `file` when SQLite said why; anything else is returned unchanged. */
export function toStoreError(err: unknown, file: string): unknown {
  const code = sqliteCode(err);
  const kind = code === undefined ? undefined : classify(code);
  if (kind === undefined || !(err instanceof Error)) return err;
  return new EnasError(kind.code, `${file}: ${kind.what} (${code}: ${err.message})`, { file, sqliteCode: code });
}

/**
 * A copy of `target` whose methods rethrow SQLite errors through `toStoreError`, for sync methods and for
 * the promise a method returns (backup).
 */
export function guardMethods<T extends object>(target: T, file: string): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    if (typeof value !== 'function') {
      guarded[name] = value;
      continue;
    }
    const call = value as (...args: unknown[]) => unknown;
    guarded[name] = (...args: unknown[]): unknown => {
      try {
        const result = call(...args);
        if (result instanceof Promise) {
          return result.catch((err: unknown) => {
            throw toStoreError(err, file);
          });
        }
        return result;
      } catch (err) {
        throw toStoreError(err, file);
      }
    };
  }
  return guarded as T;
}
