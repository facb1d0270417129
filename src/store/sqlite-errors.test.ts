import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EnasError } from '../shared/errors';
import { guardMethods, toStoreError } from './sqlite-errors';

/** A real SqliteError with the given code, produced by SQLite rather than constructed by hand. */
function sqliteError(code: 'SQLITE_FULL' | 'SQLITE_CONSTRAINT_UNIQUE'): unknown {
  const db = new Database(':memory:');
  try {
    if (code === 'SQLITE_FULL') {
      // max_page_count caps the database: the next page it needs fails with SQLITE_FULL.
      db.exec('CREATE TABLE t (x)');
      db.pragma('max_page_count = 2');
      db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(10_000));
    } else {
      db.exec('CREATE TABLE t (x UNIQUE); INSERT INTO t VALUES (1); INSERT INTO t VALUES (1)');
    }
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error(`${code} was not raised`);
}

describe('SQLite errors', () => {
  it('turns SQLITE_FULL into STORE_DISK_FULL naming the database file', () => {
    const err = toStoreError(sqliteError('SQLITE_FULL'), '/home/me/enas.db');
    expect(err).toBeInstanceOf(EnasError);
    expect(err).toMatchObject({ code: 'STORE_DISK_FULL', detail: { file: '/home/me/enas.db', sqliteCode: 'SQLITE_FULL' } });
    expect((err as EnasError).message).toMatch(/^STORE_DISK_FULL: \/home\/me\/enas\.db: disk full: free space/);
  });

  it('turns a constraint violation into STORE_CONFLICT and leaves other errors alone', () => {
    expect(toStoreError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), 'a.db')).toMatchObject({ code: 'STORE_CONFLICT' });
    const plain = new TypeError('not sqlite');
    expect(toStoreError(plain, 'a.db')).toBe(plain);
  });

  it('guards sync methods and the promises async methods return', async () => {
    const full = sqliteError('SQLITE_FULL');
    const guarded = guardMethods(
      {
        sync: (): number => {
          throw full;
        },
        async later(): Promise<number> {
          throw full;
        },
        fine: (x: number): number => x + 1,
      },
      'g.db',
    );
    expect(() => guarded.sync()).toThrow(/STORE_DISK_FULL: g\.db/);
    await expect(guarded.later()).rejects.toThrow(/STORE_DISK_FULL: g\.db/);
    expect(guarded.fine(1)).toBe(2);
  });
});
