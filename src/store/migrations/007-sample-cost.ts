/**
 * Migration 5: each sampled architecture records its cost (multi-objective search, docs/nas-bench-201.md):
 * `params` (trainable parameters of its fixed network at the run's child config and data shape),
 * `flops` (multiply-adds of one forward pass on one input) and `latency_ms` (inference latency at batch 1,
 * where measured). Rows written before this migration, and samples whose cost was not computed, hold NULL.
 */
export const migration007 = {
  version: 7,
  name: 'sample-cost',
  sql: `
ALTER TABLE samples ADD COLUMN params INTEGER CHECK (params IS NULL OR params >= 0);
ALTER TABLE samples ADD COLUMN flops REAL CHECK (flops IS NULL OR flops >= 0);
ALTER TABLE samples ADD COLUMN latency_ms REAL CHECK (latency_ms IS NULL OR latency_ms >= 0);
`,
};
