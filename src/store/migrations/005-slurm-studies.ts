/**
 * Migration 5 (issue 17 asked for it as 006; it follows 004 here): studies run on a Slurm cluster.
 *
 * - runs.uuid: a run's identity across databases. Each Slurm array task writes its runs into a database of
 *   its own, whose integer ids collide with the local store's; merging keys runs by uuid, so collecting the
 *   same task twice adds nothing. Runs created before this migration get a random one here (they were never
 *   anywhere else); new runs get crypto.randomUUID() from the runs repository.
 * - study_slurm: the study's submission settings (partition, GPUs, time, remote, work folder), as asked.
 * - study_slurm_tasks: one row per array task (one chain of the plan): the array job it was last submitted in,
 *   its state as Slurm last reported it, and whether its runs have been merged.
 */
export const migration005 = {
  version: 5,
  name: 'slurm-studies',
  sql: `
ALTER TABLE runs ADD COLUMN uuid TEXT;
UPDATE runs SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX runs_by_uuid ON runs (uuid);

CREATE TABLE study_slurm (
  study_id INTEGER PRIMARY KEY REFERENCES studies (id) ON DELETE CASCADE,
  settings TEXT NOT NULL CHECK (json_valid(settings))
);

CREATE TABLE study_slurm_tasks (
  study_id INTEGER NOT NULL REFERENCES study_slurm (study_id) ON DELETE CASCADE,
  task INTEGER NOT NULL CHECK (task >= 0),
  label TEXT NOT NULL,
  job_id TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state IN ('pending', 'running', 'requeued', 'completed', 'collected', 'cancelled', 'timeout', 'failed', 'unknown')),
  slurm_state TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (study_id, task)
) WITHOUT ROWID;
`,
} as const;
