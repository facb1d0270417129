/**
 * What a search maximises (docs/nas-bench-201.md, "Multi-objective search"): the reward every strategy
 * learns from, computed from a sampled architecture's accuracy reward and its cost (parameters or
 * multiply-adds of its fixed network, core/spaces/arch-cost.ts).
 * - `accuracy`: the reward as the evaluator gives it (ENAS: validation accuracy; rnn: rewardC / perplexity).
 * - `weighted`: reward − beta · cost / largest, the largest being the cost of the costliest architecture of
 *   the space for the run's config, so the normalised cost lies in (0, 1] and beta is in reward units per
 *   "one largest network" (MONAS, Hsu et al. 2018, trades accuracy against a hardware cost in one scalar
 *   reward the same way).
 * - `budget`: the reward, or 0 for an architecture whose cost is above `limit` (MONAS's and DPP-Net's hard
 *   constraints, Dong et al. 2018): the strategy learns to stay under the limit.
 * Costs: `params` and `flops` of the fixed network (exact, from its shapes), and `latency`, the measured
 * inference latency of that network at batch 1 in milliseconds (median of `search.latencyRepeats` timed runs
 * on the run's backend, core/search/image-latency.ts): image spaces only, and only where the run measures it.
 * A latency objective makes the rewards depend on timing noise, so such a run does not replay exactly.
 */
import { z } from 'zod';

export const COST_MEASURES = ['params', 'flops', 'latency'] as const;
export const costMeasureSchema = z.enum(COST_MEASURES);
export type CostMeasure = z.infer<typeof costMeasureSchema>;

export const objectiveSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accuracy') }),
  z.object({
    kind: z.literal('weighted'),
    /** Which cost the penalty measures. */
    cost: costMeasureSchema,
    /** Reward given up for the costliest architecture; 0 makes it `accuracy`. Default 0.1. */
    beta: z.number().min(0).max(100).default(0.1),
  }),
  z.object({
    kind: z.literal('budget'),
    cost: costMeasureSchema,
    /** Largest cost that keeps its reward: parameters or multiply-adds (a count, not millions), or milliseconds. */
    limit: z.number().positive(),
  }),
]);
export type Objective = z.infer<typeof objectiveSchema>;
export type ObjectiveKind = Objective['kind'];
