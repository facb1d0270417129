/**
 * Studies (design.md §3): one dataset, one space, one budget, several strategies × seeds 1..n, every run an
 * ordinary run linked to the study, and the statistics across them. The question a study answers is the one
 * of Li & Talwalkar (2019) and Yu et al. (2020): does ENAS beat random search on this data?
 *
 * Strategies of a study:
 * - every search strategy of the engine (config/strategy.ts: `enas`, `enas-memory`, `parsec`, `random-ws`): a
 *   weight-sharing search (seed i), then its best derived architecture retrained from scratch with the
 *   retrain config (seed i).
 * - `random`: k architectures drawn uniformly from the space (seeded by i), each retrained from scratch with
 *   the same retrain config: the no-sharing baseline. k makes its compute comparable (study-plan.ts).
 */
import { z } from 'zod';
import { runConfigSchema } from './config/run';
import type { StrategyName } from './config/strategy';
import { runStatusSchema } from './run';

/**
 * Every strategy a study may compare, in the order tables and charts list them: the engine's search
 * strategies, then `random`. study_runs.strategy has a CHECK with this list (store migration 8): a new
 * search strategy needs a migration that widens it.
 */
export const STUDY_STRATEGIES = ['enas', 'enas-memory', 'parsec', 'random-ws', 'random'] as const;
export const studyStrategySchema = z.enum(STUDY_STRATEGIES);
export type StudyStrategy = z.infer<typeof studyStrategySchema>;

/**
 * What a study compares when no strategies are named (CLI, the Studies form): the question above, ENAS
 * against random search with and without weight sharing. The other strategies are asked for by name.
 */
export const DEFAULT_STUDY_STRATEGIES: readonly StudyStrategy[] = ['enas', 'random-ws', 'random'];

/**
 * The search strategy in the config of a study strategy's runs: its own, or for `random`, whose runs are
 * retrains only, the uniform sampler's entry (which nothing reads).
 */
export function searchStrategyOf(strategy: StudyStrategy): StrategyName {
  return strategy === 'random' ? 'random-ws' : strategy;
}

const id = z.number().int().positive();
const epochMs = z.number().int().nonnegative();

/** What a study is asked to do; stored as it was asked, so a resume replays the same plan. */
export const studySpecSchema = z.object({
  /**
   * The budget every run shares: space, dataset, child networks, search and retrain schedules, backend.
   * Its `strategy` and `seed` are replaced per run (study-plan.ts: its controller settings are kept for the
   * strategies that learn a policy).
   */
  base: runConfigSchema,
  strategies: z
    .array(studyStrategySchema)
    .min(1)
    .refine((s) => new Set(s).size === s.length, { message: 'each strategy may be named once' }),
  /** Seeds 1..seeds; seed i of one strategy is paired with seed i of another. */
  seeds: z.number().int().min(1).max(20),
  /** Trainers at once; the host never runs more than the machine has cores. */
  parallel: z.number().int().min(1).max(64).default(1),
  /** Architectures the `random` strategy retrains per seed; null: as many as make its compute comparable. */
  randomK: z.number().int().min(1).max(200).nullable().default(null),
});
export type StudySpec = z.infer<typeof studySpecSchema>;
export type StudySpecInput = z.input<typeof studySpecSchema>;

export const studyRecordSchema = z.object({
  id,
  name: z.string().min(1),
  spec: studySpecSchema,
  /** k of the `random` strategy as planned when the study was created (null without `random`). */
  randomK: z.number().int().min(1).nullable(),
  /** Why k is what it is, in words (the compute comparison), or null without `random`. */
  randomKReason: z.string().nullable(),
  createdAt: epochMs,
});
export type StudyRecord = z.infer<typeof studyRecordSchema>;

/**
 * A run's place in its study: a search, a retrain, or the scoring of every `random` architecture with a
 * search's final supernet (weight-sharing fidelity; only when the study has `random`).
 */
export const studyRunRoleSchema = z.enum(['search', 'retrain', 'score']);
export const studyRunLinkSchema = z.object({
  studyId: id,
  runId: id,
  strategy: studyStrategySchema,
  seed: z.number().int().min(1),
  role: studyRunRoleSchema,
  /** Which of the k architectures of `random` (0 for the other strategies). */
  slot: z.number().int().nonnegative(),
});
export type StudyRunLink = z.infer<typeof studyRunLinkSchema>;

/**
 * `running` while this host runs it; `completed` when every planned run completed; otherwise
 * `incomplete` (killed, stopped, or some runs failed: `enas study resume` continues).
 */
export const studyStatusSchema = z.enum(['running', 'completed', 'incomplete']);
export type StudyStatus = z.infer<typeof studyStatusSchema>;

export const studySummarySchema = studyRecordSchema.extend({
  status: studyStatusSchema,
  /** Runs the plan has in all, and how many of them exist and completed. */
  plannedRuns: z.number().int().nonnegative(),
  completedRuns: z.number().int().nonnegative(),
  failedRuns: z.number().int().nonnegative(),
});
export type StudySummary = z.infer<typeof studySummarySchema>;

const nullableNumber = z.number().nullable();

export const pairedTestSchema = z.object({
  /** The other strategy; differences are this strategy minus that one, seed by seed. */
  against: studyStrategySchema,
  n: z.number().int().nonnegative(),
  meanDifference: nullableNumber,
  t: nullableNumber,
  df: nullableNumber,
  tTestP: nullableNumber,
  permutationP: nullableNumber,
  minAttainableP: z.number(),
  caveats: z.array(z.string()),
});
export type PairedTestResult = z.infer<typeof pairedTestSchema>;

export const studyStrategyResultSchema = z.object({
  name: studyStrategySchema,
  /** Seeds with a final score. */
  n: z.number().int().nonnegative(),
  mean: nullableNumber,
  std: nullableNumber,
  /** Final retrained test score per finished seed, in the order of `seeds`. */
  values: z.array(z.number()),
  seeds: z.array(z.number().int()),
  pairedTests: z.array(pairedTestSchema),
  /** Search cost per finished seed, mean over seeds: wall seconds and child-network training steps. */
  cost: z.object({
    searchWallS: nullableNumber,
    searchChildSteps: nullableNumber,
    retrainWallS: nullableNumber,
    retrainSteps: nullableNumber,
  }),
  /** For `random`: every retrained architecture's score, per seed (the selected one is in `values`). */
  candidates: z.array(z.object({ seed: z.number().int(), runId: id, score: nullableNumber, selectionLoss: nullableNumber })),
  /**
   * Weight-sharing fidelity (every strategy but `random`, with `random` in the study): per seed, Kendall τ_b between this
   * search's final supernet score of each `random` architecture and that architecture's retrained test score
   * (Yu et al. 2020), over the architectures both exist for; and the mean over seeds.
   */
  fidelity: z
    .object({
      perSeed: z.array(z.object({ seed: z.number().int(), runId: id, tau: nullableNumber, n: z.number().int().nonnegative() })),
      meanTau: nullableNumber,
    })
    .nullable(),
  runs: z.array(studyRunLinkSchema.extend({ status: runStatusSchema.nullable() })),
});
export type StudyStrategyResult = z.infer<typeof studyStrategyResultSchema>;

export const studyResultSchema = z.object({
  study: studySummarySchema,
  /** The score every value is: `retrain/test-accuracy` (higher is better) or `retrain/test-perplexity`. */
  score: z.object({ series: z.string(), higherIsBetter: z.boolean() }),
  strategies: z.array(studyStrategyResultSchema),
  /** How to read the numbers (k, selection rule of `random`, what the cost counts), in words. */
  notes: z.array(z.string()),
});
export type StudyResult = z.infer<typeof studyResultSchema>;

/** A strategy's reward per sample over its seeds' searches: mean ± std over seeds per bucket of samples. */
export const studyRewardCurveSchema = z.object({
  strategy: studyStrategySchema,
  /** Seeds whose search has scored samples. */
  seeds: z.array(z.number().int()),
  /** Consecutive samples averaged into one point. */
  samplesPerPoint: z.number().int().positive(),
  /** Sample index (0-based, of scored samples) at the bucket's centre. */
  x: z.array(z.number()),
  mean: z.array(z.number()),
  /** Sample standard deviation over seeds; null where one seed has samples. */
  std: z.array(z.number().nullable()),
  /** Seeds contributing to each point. */
  n: z.array(z.number().int()),
});
export type StudyRewardCurve = z.infer<typeof studyRewardCurveSchema>;
