/**
 * Migration 4: each sampled architecture records the phase that sampled it: `child` (phase 1, a child trained
 * on one batch of the shared weights), `controller` (phase 2, scored for the strategy's update) or `derive`
 * (a candidate of the final derive step). The run view keeps derive candidates out of the reward curve and
 * its moving average. Rows written before this migration have no phase (NULL).
 */
export const migration004 = {
  version: 4,
  name: 'sample-phase',
  sql: `
ALTER TABLE samples ADD COLUMN phase TEXT CHECK (phase IS NULL OR phase IN ('child', 'controller', 'derive'));
`,
};
