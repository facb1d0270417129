/**
 * Brings a database to the schema this code expects: numbered migrations run in one immediate transaction
 * and `PRAGMA user_version` records how far a file has come (it lives in the database header, so it commits
 * or rolls back with the schema change). A file from a newer app is refused before anything touches it:
 * older code would silently ignore columns and tables it does not know.
 */
import type Database from 'better-sqlite3';
import { EnasError } from '../shared/errors';
import type { Migration } from './migrations';

function userVersion(db: Database.Database): number {
  const version: unknown = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error(`PRAGMA user_version returned ${String(version)}`);
  return version;
}

/**
 * Refuses a database whose schema is newer than `migrations` know. Call it before changing anything in the
 * file (journal mode included).
 */
export function assertNotNewer(db: Database.Database, file: string, migrations: readonly Migration[]): void {
  const current = userVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new EnasError(
      'STORE_VERSION_TOO_NEW',
      `${file}: database schema version ${current} is newer than this app supports (${latest}); ` +
        'open it with a newer ENAS Workbench or pick another file',
      { file, version: current, supported: latest },
    );
  }
}

/** A read-only open cannot migrate: an older schema must be migrated by a writing open first. */
export function assertCurrent(db: Database.Database, file: string, migrations: readonly Migration[]): void {
  const current = userVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current < latest) {
    throw new EnasError(
      'STORE_CANNOT_OPEN',
      `${file}: database schema version ${current} is older than this app's (${latest}) and cannot be upgraded read-only; ` +
        'open it once with a command that writes (or the app), which upgrades it',
      { file, version: current, supported: latest },
    );
  }
}

/** Applies the migrations above the file's user_version, all or none. Returns the versions applied. */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[]): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const apply = db.transaction((): number[] => {
    assertNotNewer(db, file, migrations);
    const pending = migrations.filter((m) => m.version > userVersion(db));
    for (const m of pending) {
      db.exec(m.sql);
      // PRAGMA takes no bound parameters; the version is an integer from the list above.
      db.pragma(`user_version = ${m.version}`);
    }
    return pending.map((m) => m.version);
  });
  return apply.immediate();
}
