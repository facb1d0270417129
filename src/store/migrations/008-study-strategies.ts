/**
 * Migration 8 (issue 18): a study may compare every weight-sharing strategy of the engine (enas, enas-memory,
 * parsec, random-ws) and `random`; migration 3 allowed only enas, random-ws and random in study_runs.strategy.
 *
 * SQLite cannot alter a CHECK, so study_runs is rebuilt the way sqlite.org/lang_altertable.html ("Making Other
 * Kinds Of Table Schema Changes") describes: create the new table, copy every row, drop the old one, rename.
 * It runs inside migrate()'s one transaction, so a failure leaves the file as it was. Foreign keys stay on:
 * nothing references study_runs, so dropping it deletes no other row, and the copied rows satisfy the same
 * references they did. The table has no index of its own beyond its primary key and the UNIQUE run_id, which
 * the new definition recreates.
 *
 * The list below is frozen here on purpose: a later strategy widens it in a migration of its own, so a
 * database says by its version what it accepts.
 */
export const migration008 = {
  version: 8,
  name: 'study-strategies',
  sql: `
CREATE TABLE study_runs_008 (
  study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  strategy TEXT NOT NULL CHECK (strategy IN ('enas', 'enas-memory', 'parsec', 'random-ws', 'random')),
  seed INTEGER NOT NULL CHECK (seed >= 1),
  role TEXT NOT NULL CHECK (role IN ('search', 'retrain', 'score')),
  slot INTEGER NOT NULL CHECK (slot >= 0),
  run_id INTEGER NOT NULL UNIQUE REFERENCES runs (id) ON DELETE CASCADE,
  PRIMARY KEY (study_id, strategy, seed, role, slot)
) WITHOUT ROWID;
INSERT INTO study_runs_008 (study_id, strategy, seed, role, slot, run_id)
  SELECT study_id, strategy, seed, role, slot, run_id FROM study_runs;
DROP TABLE study_runs;
ALTER TABLE study_runs_008 RENAME TO study_runs;
`,
} as const;
