/**
 * Migration 1: the first schema of the experiment store. Frozen once shipped: a later change is a new
 * numbered migration, never an edit here, because user_version says this SQL has already run.
 *
 * Choices worth knowing:
 * - AUTOINCREMENT on runs, datasets, checkpoints and metric_series so an id is never reused after a delete:
 *   checkpoint file names carry the run id, and a reused id could adopt an old run's orphaned file.
 * - metrics is WITHOUT ROWID keyed (series_id, step): a 1,000,000-point series is one contiguous range of
 *   the primary-key b-tree, read in step order without a sort, and the key makes a replayed step an upsert
 *   rather than a duplicate. Series names live once in metric_series instead of in every point.
 * - samples are keyed (run_id, seq), the trainer's sample counter, not (run_id, step): one step can sample
 *   several architectures (controller phase, random-ws candidates).
 * - Every child table cascades from runs. Checkpoint files are not rows: deleting a run leaves files
 *   without rows, which sweepOrphans removes at the next start.
 */
export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('image', 'text')),
  format TEXT NOT NULL,
  path TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  summary TEXT NOT NULL CHECK (json_valid(summary))
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  tags TEXT NOT NULL CHECK (json_valid(tags)),
  notes TEXT NOT NULL,
  space TEXT NOT NULL,
  strategy TEXT NOT NULL,
  preset TEXT NOT NULL,
  dataset_id INTEGER REFERENCES datasets (id) ON DELETE RESTRICT,
  status TEXT NOT NULL
    CHECK (status IN ('created', 'running', 'paused', 'interrupted', 'stopped', 'completed', 'failed')),
  config TEXT NOT NULL CHECK (json_valid(config)),
  seed INTEGER NOT NULL,
  backend TEXT NOT NULL,
  versions TEXT NOT NULL CHECK (json_valid(versions)),
  parent_run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  error TEXT CHECK (error IS NULL OR json_valid(error))
);
CREATE INDEX runs_by_status ON runs (status);
CREATE INDEX runs_by_dataset ON runs (dataset_id);
CREATE INDEX runs_by_parent ON runs (parent_run_id);

CREATE TABLE metric_series (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (run_id, name)
);

CREATE TABLE metrics (
  series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (series_id, step)
) WITHOUT ROWID;

CREATE TABLE samples (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  step INTEGER NOT NULL,
  arc TEXT NOT NULL,
  arch_id TEXT NOT NULL,
  reward REAL,
  baseline REAL,
  log_prob REAL,
  entropy REAL,
  valid_score REAL,
  param_count INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  failure TEXT,
  CHECK ((status = 'ok') = (failure IS NULL)),
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE INDEX samples_by_reward ON samples (run_id, status, reward);
CREATE INDEX samples_by_valid_score ON samples (run_id, status, valid_score);
CREATE INDEX samples_by_step ON samples (run_id, step);
CREATE INDEX samples_by_arch ON samples (run_id, arch_id);

CREATE TABLE derived_architectures (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  rank INTEGER NOT NULL CHECK (rank >= 1),
  arc TEXT NOT NULL,
  arch_id TEXT NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (run_id, rank)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  path TEXT NOT NULL UNIQUE,
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  created_at INTEGER NOT NULL,
  UNIQUE (run_id, step)
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  ts INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  message TEXT NOT NULL
);
CREATE INDEX events_by_run ON events (run_id, id);
`,
} as const;
