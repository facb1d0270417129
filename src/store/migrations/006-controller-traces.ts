/**
 * Migration 5: the controller's hidden state at each decision of a sampled architecture (the controller
 * analysis, src/shared/controller-analysis.ts). One row per traced sample: its arc tokens, the epoch it is
 * grouped in, and the hidden states as a little-endian float32 blob of `width` values per decision, so a
 * 6-decision nb201 arc at lstmSize 64 costs 1.5 kB. A table of its own: runs of other strategies have none.
 */
import type { Migration } from './index';

export const migration006: Migration = {
  version: 6,
  name: 'controller traces',
  sql: `
CREATE TABLE controller_traces (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  epoch INTEGER NOT NULL CHECK (epoch >= 0),
  tokens TEXT NOT NULL,
  width INTEGER NOT NULL CHECK (width > 0),
  hidden BLOB NOT NULL CHECK (length(hidden) > 0 AND length(hidden) % (4 * width) = 0),
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
`,
};
