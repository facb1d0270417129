/**
 * Migration 3: studies (docs/architecture.md §3). A study row keeps the spec it was asked for (so a resume replays the
 * same plan) and k of its `random` strategy; study_runs links each of its runs, ordinary rows of `runs`, to
 * its place in the plan (strategy, seed, search, retrain or score: the scoring of the random architectures
 * with a search's supernet; which of the k random architectures).
 *
 * - The plan position is the primary key: a slot has at most one run, so a study resumed after a kill never
 *   creates a second run for a slot it had already started.
 * - run_id is UNIQUE (a run belongs to one study at most) and cascades: deleting a run frees its slot, and
 *   the next resume runs it again. Deleting a study removes its links, never its runs.
 */
export const migration003 = {
  version: 3,
  name: 'studies',
  sql: `
CREATE TABLE studies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  random_k INTEGER CHECK (random_k IS NULL OR random_k >= 1),
  random_k_reason TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE study_runs (
  study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  strategy TEXT NOT NULL CHECK (strategy IN ('enas', 'random-ws', 'random')),
  seed INTEGER NOT NULL CHECK (seed >= 1),
  role TEXT NOT NULL CHECK (role IN ('search', 'retrain', 'score')),
  slot INTEGER NOT NULL CHECK (slot >= 0),
  run_id INTEGER NOT NULL UNIQUE REFERENCES runs (id) ON DELETE CASCADE,
  PRIMARY KEY (study_id, strategy, seed, role, slot)
) WITHOUT ROWID;
`,
} as const;
