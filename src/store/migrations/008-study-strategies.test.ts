import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  // As the store opens a file (store.ts): the rebuild must hold with foreign keys enforced.
  db.pragma('foreign_keys = ON');
});
afterEach(() => db.close());

const insertRun = (name: string): void => {
  db.prepare(
    `INSERT INTO runs (name, tags, notes, space, strategy, preset, status, config, seed, backend, versions, created_at)
     VALUES (?, '[]', '', 'micro', 'enas', 'quick', 'completed', '{}', 1, 'cpu', '{}', 0)`,
  ).run(name);
};
const links = (): unknown[] => db.prepare('SELECT study_id, strategy, seed, role, slot, run_id FROM study_runs ORDER BY run_id').all();

describe('migration 8 (study strategies)', () => {
  it('keeps every link of a study made under version 7 and then accepts enas-memory and parsec, nothing else', () => {
    expect(migrate(db, 'old.db', MIGRATIONS.slice(0, 7))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (let i = 1; i <= 5; i++) insertRun(`run ${i}`);
    db.prepare(`INSERT INTO studies (name, spec, random_k, random_k_reason, created_at) VALUES ('s', '{}', 1, 'k = 1', 0)`).run();
    const insertLink = db.prepare('INSERT INTO study_runs (study_id, strategy, seed, role, slot, run_id) VALUES (1, ?, ?, ?, ?, ?)');
    insertLink.run('enas', 1, 'search', 0, 1);
    insertLink.run('enas', 1, 'retrain', 0, 2);
    insertLink.run('random-ws', 1, 'search', 0, 3);
    insertLink.run('random', 1, 'retrain', 0, 4);
    // Version 7 refuses the strategies this migration adds.
    expect(() => insertLink.run('enas-memory', 1, 'search', 0, 5)).toThrow(/CHECK constraint/);
    const before = links();
    expect(before).toHaveLength(4);

    expect(migrate(db, 'old.db', MIGRATIONS)).toEqual([8]);
    expect(links()).toEqual(before);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE tbl_name LIKE 'study_runs%' AND type = 'table'").pluck().all()).toEqual(['study_runs']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    insertRun('run 6');
    insertLink.run('enas-memory', 1, 'search', 0, 5);
    insertLink.run('parsec', 1, 'search', 0, 6);
    insertRun('run 7');
    expect(() => insertLink.run('bogus', 1, 'search', 0, 7)).toThrow(/CHECK constraint/);
    expect(() => insertLink.run('enas', 0, 'search', 0, 7)).toThrow(/CHECK constraint/);
    expect(() => insertLink.run('enas', 2, 'derive', 0, 7)).toThrow(/CHECK constraint/);
    // The keys of migration 3 hold: one run per slot, a run in one study at most, both references enforced.
    expect(() => insertLink.run('enas', 1, 'search', 0, 7)).toThrow(/UNIQUE constraint/);
    expect(() => insertLink.run('enas', 2, 'search', 0, 1)).toThrow(/UNIQUE constraint/);
    expect(() => insertLink.run('enas', 2, 'search', 0, 99)).toThrow(/FOREIGN KEY constraint/);
    expect(() => db.prepare("INSERT INTO study_runs VALUES (9, 'enas', 2, 'search', 0, 7)").run()).toThrow(/FOREIGN KEY constraint/);
    // Deleting a run frees its slot; deleting the study removes its links, never its runs.
    db.prepare('DELETE FROM runs WHERE id = 2').run();
    expect(links()).toHaveLength(5);
    db.prepare('DELETE FROM studies WHERE id = 1').run();
    expect(links()).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(6);
  });
});
