/**
 * What the experiment store returns and a UI sees: runs and their status, datasets, downsampled metric
 * series, sampled and derived architectures, checkpoints and run events. zod schemas + inferred types, so
 * every process boundary (IPC, WebSocket) parses the same shapes the store produces. Times are epoch
 * milliseconds; ids are the store's integer row ids.
 */
import { z } from 'zod';
import { wireErrorSchema } from './errors';
import { imageResizeReportSchema } from './image-resize-report';

/**
 * Lifecycle of a run. `interrupted` is set by the host (never by the trainer) when a trainer or the app died
 * while the run was `running`; such a run can be resumed from its last checkpoint. `paused` is a stop the
 * host may resume by itself (e.g. after a disk-full error); `stopped` is a user cancel.
 */
export const RUN_STATUSES = ['created', 'running', 'paused', 'interrupted', 'stopped', 'completed', 'failed'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Statuses in which a run has ended; `ended_at` is set when a run enters one of them. */
export const ENDED_RUN_STATUSES = ['interrupted', 'stopped', 'completed', 'failed'] as const satisfies readonly RunStatus[];

const id = z.number().int().positive();
const epochMs = z.number().int().nonnegative();

const datasetKindSchema = z.enum(['image', 'text']);

export const datasetSummarySchema = z.object({
  /** Examples per split (`train`, `valid`, `test`); tokens for a text corpus. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  /** Shape of one example per tensor name, e.g. `{ image: [32, 32, 3], label: [] }`. */
  shapes: z.record(z.string(), z.array(z.number().int().positive())),
  /** Class names in label order; empty for a text corpus. */
  classes: z.array(z.string()),
  /** An image folder whose images were resized to the dataset's size: from which sizes, how many (absent: none were). */
  resized: imageResizeReportSchema.optional(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const datasetRecordSchema = z.object({
  id,
  name: z.string().min(1),
  kind: datasetKindSchema,
  /** The import format, e.g. `cifar10-bin`, `idx`, `image-folder`, `text-corpus`. */
  format: z.string().min(1),
  /** Where the normalised copy lives under the data directory. */
  path: z.string().min(1),
  createdAt: epochMs,
  summary: datasetSummarySchema,
});
export type DatasetRecord = z.infer<typeof datasetRecordSchema>;

export const runRecordSchema = z.object({
  id,
  name: z.string().min(1),
  tags: z.array(z.string()),
  notes: z.string(),
  space: z.string().min(1),
  strategy: z.string().min(1),
  preset: z.string().min(1),
  datasetId: id.nullable(),
  status: runStatusSchema,
  /** The fully resolved configuration the run was started with (parsed by its owner's schema). */
  config: z.json(),
  seed: z.number().int(),
  /** The tfjs backend that ran it: `tensorflow`, `webgpu`, `wasm` or `cpu`. */
  backend: z.string().min(1),
  /** Package versions at start, e.g. `{ "@tensorflow/tfjs-core": "4.22.0" }`. */
  versions: z.record(z.string(), z.string()),
  /** The search run this run retrains, if it is a retrain. */
  parentRunId: id.nullable(),
  createdAt: epochMs,
  startedAt: epochMs.nullable(),
  endedAt: epochMs.nullable(),
  error: wireErrorSchema.nullable(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/**
 * The series a finished retrain stores its test score under: accuracy for images (higher is better), perplexity
 * for text (lower is better). Written by the retrains (core/search), read by the run list, studies and the CLI.
 */
export const RETRAIN_TEST_SERIES = { accuracy: 'retrain/test-accuracy', perplexity: 'retrain/test-perplexity' } as const;

/** One line of the run list: the record plus what the list shows about progress. */
export const runSummarySchema = runRecordSchema.extend({
  /** Highest reward of a successful sampled architecture; null before the first one. */
  bestReward: z.number().nullable(),
  /**
   * Best validation score of a successful sampled architecture in the metric's direction (highest accuracy,
   * lowest perplexity for an rnn); null before the first one.
   */
  bestValidScore: z.number().nullable(),
  sampleCount: z.number().int().nonnegative(),
  /** A retrain's final test score (accuracy, or perplexity for an rnn); null for a search or an unfinished retrain. */
  testScore: z.number().nullable(),
  /** Milliseconds from start to end, or to now while the run is active; null if it never started. */
  durationMs: z.number().nonnegative().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** Ask for a metric series downsampled to at most `points` points, optionally over a step range. */
export const seriesQuerySchema = z.object({
  /** Points wanted (LTTB threshold); at least 3 so the first and last point and one bucket fit. */
  points: z.number().int().min(3).max(100_000),
  /** First step included (inclusive); the whole series when absent. */
  fromStep: z.number().int().optional(),
  /** Last step included (inclusive). */
  toStep: z.number().int().optional(),
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/**
 * A metric series as columns (steps[i], values[i]): compact over IPC and what a chart wants. `total` is how
 * many stored points fell in the range before downsampling. A NaN value is stored as NULL by SQLite and is
 * left out of downsampled views.
 */
export const metricSeriesSchema = z.object({
  runId: id,
  series: z.string().min(1),
  total: z.number().int().nonnegative(),
  steps: z.array(z.number().int()),
  values: z.array(z.number()),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

const sampleStatusSchema = z.enum(['ok', 'failed']);

export const sampleRecordSchema = z.object({
  runId: id,
  /** The trainer's sample counter: unique per run, so a sample replayed after a resume overwrites itself. */
  seq: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  /** The official integer arc string. */
  arc: z.string().min(1),
  archId: z.string().min(1),
  reward: z.number().nullable(),
  baseline: z.number().nullable(),
  logProb: z.number().nullable(),
  entropy: z.number().nullable(),
  validScore: z.number().nullable(),
  paramCount: z.number().int().nonnegative().nullable(),
  status: sampleStatusSchema,
  /** Why a `failed` sample failed (invalid architecture, NaN loss, shape error); null when `ok`. */
  failure: z.string().nullable(),
  /** The phase that sampled it (child: shared-weight training, controller: scored for the update, derive: a
   * final candidate); null for samples stored before phases were recorded. */
  phase: z.enum(['child', 'controller', 'derive']).nullable().optional(),
  /**
   * Cost of the architecture's fixed network (core/spaces/arch-cost.ts): trainable parameters, multiply-adds
   * per input, inference latency in ms at batch 1; null where not computed (runs stored before migration 5).
   */
  params: z.number().int().nonnegative().nullable().optional(),
  flops: z.number().nonnegative().nullable().optional(),
  latencyMs: z.number().nonnegative().nullable().optional(),
});
export type SampleRecord = z.infer<typeof sampleRecordSchema>;

export const SAMPLE_SORT_KEYS = ['seq', 'step', 'reward', 'validScore', 'paramCount', 'params', 'flops'] as const;

/** One page of a run's sampled architectures, sorted and filtered. */
export const sampleQuerySchema = z.object({
  runId: id,
  sortBy: z.enum(SAMPLE_SORT_KEYS).default('seq'),
  order: z.enum(['asc', 'desc']).default('asc'),
  status: sampleStatusSchema.optional(),
  archId: z.string().min(1).optional(),
  minReward: z.number().optional(),
  fromStep: z.number().int().optional(),
  toStep: z.number().int().optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type SampleQuery = z.input<typeof sampleQuerySchema>;

export const samplePageSchema = z.object({
  /** Rows matching the filter, over all pages. */
  total: z.number().int().nonnegative(),
  rows: z.array(sampleRecordSchema),
});
export type SamplePage = z.infer<typeof samplePageSchema>;

/**
 * A run's scored samples as columns (seq[i], step[i], reward[i]) in sample order: the per-sample reward
 * curve, which exists for every strategy (enas scores trainSteps × numAggregate samples per epoch, random-ws
 * as many), unlike `controller/mean-reward`, which random-ws logs once per epoch.
 */
export const sampleRewardsSchema = z.object({
  runId: id,
  seq: z.array(z.number().int().nonnegative()),
  /** The shared-weight step the sample was scored at (every sample of one controller phase shares it). */
  step: z.array(z.number().int().nonnegative()),
  reward: z.array(z.number()),
});
export type SampleRewards = z.infer<typeof sampleRewardsSchema>;

export const derivedArchitectureSchema = z.object({
  runId: id,
  /** 1 is the architecture the derive step picked. */
  rank: z.number().int().positive(),
  arc: z.string().min(1),
  archId: z.string().min(1),
  score: z.number(),
});
export type DerivedArchitecture = z.infer<typeof derivedArchitectureSchema>;

export const checkpointRecordSchema = z.object({
  id,
  runId: id,
  step: z.number().int().nonnegative(),
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: epochMs,
});
export type CheckpointRecord = z.infer<typeof checkpointRecordSchema>;

const eventLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);
export type EventLevel = z.infer<typeof eventLevelSchema>;

export const runEventSchema = z.object({
  id,
  runId: id,
  ts: epochMs,
  level: eventLevelSchema,
  message: z.string(),
});
export type RunEvent = z.infer<typeof runEventSchema>;
