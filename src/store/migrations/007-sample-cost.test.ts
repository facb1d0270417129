import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { createSampleWriter, createSamplesRepository } from '../samples-repository';
import { MIGRATIONS } from './index';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
});
afterEach(() => db.close());

describe('migration 7 (sample cost)', () => {
  it('upgrades a version-4 database: old samples read null costs, new ones keep theirs', () => {
    expect(migrate(db, 'old.db', MIGRATIONS.slice(0, 4))).toEqual([1, 2, 3, 4]);
    db.prepare(
      `INSERT INTO runs (name, tags, notes, space, strategy, preset, status, config, seed, backend, versions, created_at)
       VALUES ('old', '[]', '', 'nb201', 'random-ws', 'tabular', 'completed', '{}', 0, 'none', '{}', 0)`,
    ).run();
    db.prepare(
      `INSERT INTO samples (run_id, seq, step, arc, arch_id, reward, valid_score, status, phase)
       VALUES (1, 0, 1, '3 0 3 1 0 1', 'nb201-x', 0.9, 0.9, 'ok', 'controller')`,
    ).run();

    expect(migrate(db, 'old.db', MIGRATIONS.slice(0, 7))).toEqual([5, 6, 7]);
    const ctx = { db, file: 'old.db', now: () => 0 };
    createSampleWriter(ctx)([
      {
        runId: 1, seq: 1, step: 2, arc: '3 3 3 3 3 3', archId: 'nb201-y', reward: 0.93, baseline: null, logProb: null,
        entropy: null, validScore: 0.93, paramCount: null, status: 'ok', failure: null, phase: 'controller',
        params: 1_531_546, flops: 220_119_690, latencyMs: null,
      },
    ]);
    const rows = createSamplesRepository(ctx).page({ runId: 1 }).rows;
    expect(rows.map((r) => [r.arc, r.params, r.flops, r.latencyMs])).toEqual([
      ['3 0 3 1 0 1', null, null, null],
      ['3 3 3 3 3 3', 1_531_546, 220_119_690, null],
    ]);
    expect(() => db.prepare("UPDATE samples SET params = -1 WHERE seq = 1").run()).toThrow(/CHECK constraint/);
  });
});
