import Database from 'better-sqlite3';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnasError } from '../shared/errors';
import { migrate } from './migrate';
import type { Migration } from './migrations';
import { MIGRATIONS } from './migrations';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
});
afterEach(() => db.close());

const tables = (): string[] =>
  z
    .array(z.string())
    .parse(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all());

describe('migrate', () => {
  it('creates the schema and records its version', () => {
    expect(migrate(db, 'mem.db', MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables()).toEqual([
      'checkpoints',
      'datasets',
      'derived_architectures',
      'events',
      'metric_series',
      'metrics',
      'run_health',
      'runs',
      'samples',
      'studies',
      'study_runs',
    ]);
    expect(migrate(db, 'mem.db', MIGRATIONS)).toEqual([]);
  });

  it('applies only the migrations above the file’s version, in order', () => {
    const list: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE two (x)' },
    ];
    expect(migrate(db, 'mem.db', list.slice(0, 1))).toEqual([1]);
    expect(migrate(db, 'mem.db', list)).toEqual([2]);
    expect(tables()).toEqual(['one', 'two']);
  });

  it('rolls every pending migration back when one fails', () => {
    const list: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x)' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE two (x); INSERT INTO nowhere VALUES (1)' },
    ];
    expect(() => migrate(db, 'mem.db', list)).toThrow(/no such table: nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables()).toEqual([]);
  });

  it('refuses a database newer than the migrations, naming the file', () => {
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    const attempt = (): unknown => migrate(db, '/data/enas.db', MIGRATIONS);
    expect(attempt).toThrow(EnasError);
    expect(attempt).toThrow(new RegExp(`STORE_VERSION_TOO_NEW: /data/enas\\.db: database schema version ${MIGRATIONS.length + 1} is newer`));
  });

  it('rejects a list whose versions are not 1, 2, 3, …', () => {
    expect(() => migrate(db, 'mem.db', [{ version: 2, name: 'gap', sql: '' }])).toThrow(/has version 2, expected 1/);
  });
});
