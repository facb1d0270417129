/**
 * Search health (src/shared/health.ts): one JSON document per run, replaced as the trainer measures more.
 * A table of its own rather than a column of runs, so the run list's queries stay as they were.
 */
import type { Migration } from './index';

export const migration002: Migration = {
  version: 2,
  name: 'run health',
  sql: `
CREATE TABLE run_health (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  health TEXT NOT NULL CHECK (json_valid(health))
);
`,
};
