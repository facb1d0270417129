/**
 * Opening the store against real files: the PRAGMA contract (docs/reliability.md T2.4), migrations tracked by
 * user_version, and the files a user may point it at by mistake (a newer app's database, a file that is not
 * SQLite, a damaged database) — each refused with an error naming the file. Disk full (T2.3) runs on a real
 * 8 MiB tmpfs when the test may mount one (root), and is skipped with a message otherwise.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnasError } from '../../src/shared/errors';
import { MIGRATIONS } from '../../src/store/migrations';
import { openStore } from '../../src/store/store';
import { newRun } from '../../src/store/temp-store';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enas-store-open-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(action: () => unknown): EnasError {
  try {
    action();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

function storeWithMetrics(file: string, points: number): number {
  const store = openStore(file);
  const runId = store.runs.create(newRun()).id;
  for (let from = 0; from < points; from += 1000) {
    store.writeBatch({
      metrics: Array.from({ length: Math.min(1000, points - from) }, (_, i) => ({ runId, series: 'child/loss', step: from + i, value: i })),
    });
  }
  store.close();
  return runId;
}

describe('opening the store', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout of at least 5 s (T2.4), also on reopen', () => {
    const file = join(dir, 'pragmas.db');
    for (let open = 0; open < 2; open++) {
      const store = openStore(file);
      const pragmas = store.pragmas();
      expect(pragmas).toMatchObject({ journalMode: 'wal', synchronous: 2, foreignKeys: 1 });
      expect(pragmas.busyTimeout).toBeGreaterThanOrEqual(5000);
      store.close();
    }
  });

  it('records the schema version in user_version and migrates a file only once', () => {
    const file = join(dir, 'version.db');
    const runId = storeWithMetrics(file, 10);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
    const store = openStore(file);
    expect(store.metrics.series(runId, 'child/loss', { points: 100 }).total).toBe(10);
    store.close();
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const file = join(dir, 'newer.db');
    storeWithMetrics(file, 10);
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    const newer = MIGRATIONS.length + 1;
    raw.pragma(`user_version = ${newer}`);
    raw.close();
    const before = readFileSync(file);
    const err = thrown(() => openStore(file));
    expect(err.code).toBe('STORE_VERSION_TOO_NEW');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(new RegExp(String.raw`schema version ${newer} is newer than this app supports \(${MIGRATIONS.length}\)`));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not an SQLite database, naming it', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const err = thrown(() => openStore(file));
    expect(err.code).toBe('STORE_NOT_A_DATABASE');
    expect(err.message).toContain(file);
  });

  it('names the file of a damaged database: at open when the schema is hit, at the first read when data pages are', () => {
    const schemaDamaged = join(dir, 'damaged-schema.db');
    storeWithMetrics(schemaDamaged, 20_000);
    const size = statSync(schemaDamaged).size;
    let fd = openSync(schemaDamaged, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xaa), 0, size - 4096, 4096);
    closeSync(fd);
    const atOpen = thrown(() => openStore(schemaDamaged));
    expect([atOpen.code, atOpen.message.includes(schemaDamaged)]).toEqual(['STORE_CORRUPT', true]);

    const dataDamaged = join(dir, 'damaged-data.db');
    const runId = storeWithMetrics(dataDamaged, 20_000);
    const tail = 16 * 4096;
    fd = openSync(dataDamaged, 'r+');
    writeSync(fd, Buffer.alloc(tail, 0xaa), 0, tail, statSync(dataDamaged).size - tail);
    closeSync(fd);
    const store = openStore(dataDamaged);
    const atRead = thrown(() => store.metrics.series(runId, 'child/loss', { points: 100 }));
    expect([atRead.code, atRead.message.includes(dataDamaged)]).toEqual(['STORE_CORRUPT', true]);
    expect(store.integrityCheck().ok).toBe(false);
    store.close();
  });

  it('names the path it cannot open', () => {
    const err = thrown(() => openStore(join(dir, 'no-such-dir', 'enas.db')));
    expect(err.code).toBe('STORE_CANNOT_OPEN');
    expect(err.message).toContain(join(dir, 'no-such-dir', 'enas.db'));
  });
});

describe('disk full (T2.3)', () => {
  let mountPoint: string | undefined;
  let mountError = '';
  beforeAll(() => {
    const target = join(dir, 'tmpfs');
    mkdirSync(target);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', target], { stdio: 'pipe' });
      mountPoint = target;
    } catch (err) {
      mountError = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
    }
  });
  afterAll(() => {
    if (mountPoint !== undefined) execFileSync('umount', [mountPoint]);
  });

  it('surfaces SQLITE_FULL as STORE_DISK_FULL naming the database, keeps it intact, and writes again once space is freed', (ctx) => {
    if (mountPoint === undefined) {
      ctx.skip(`needs to mount an 8 MiB tmpfs (run as root): ${mountError}`);
      return;
    }
    const file = join(mountPoint, 'enas.db');
    const filler = join(mountPoint, 'filler');
    const store = openStore(file);
    const runId = store.runs.create(newRun()).id;
    writeFileSync(filler, Buffer.alloc(5 * 1024 * 1024, 1));
    let written = 0;
    let full: EnasError | undefined;
    for (let batch = 0; batch < 10_000 && full === undefined; batch++) {
      try {
        store.writeBatch({
          metrics: Array.from({ length: 1000 }, (_, i) => ({ runId, series: 'child/loss', step: written + i, value: Math.sin(written + i) })),
        });
        written += 1000;
      } catch (err) {
        if (!(err instanceof EnasError)) throw err;
        full = err;
      }
    }
    expect(full?.code).toBe('STORE_DISK_FULL');
    expect(full?.message).toContain(file);
    expect(full?.message).toMatch(/disk full/);
    expect(written).toBeGreaterThan(0);
    expect(store.integrityCheck().ok).toBe(true);
    expect(store.metrics.series(runId, 'child/loss', { points: 3 }).total).toBe(written);

    rmSync(filler);
    store.writeBatch({ metrics: [{ runId, series: 'child/loss', step: written, value: 1 }] });
    expect(store.metrics.series(runId, 'child/loss', { points: 3 }).total).toBe(written + 1);
    store.close();
    const reopened = openStore(file);
    expect(reopened.integrityCheck().ok).toBe(true);
    reopened.close();
  });
});
