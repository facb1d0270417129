/**
 * The trainer protocol: messages between the host (run lifecycle, store owner) and the trainer process
 * (which runs the engine). The same messages travel over Electron's utilityProcess port in the app and over a
 * Node child process's IPC channel under the CLI and the server. Both sides parse what they receive with
 * these schemas; a message that does not parse is a protocol error, not something to guess about.
 *
 * Order of a run: host forks → trainer sends `ready` (with PROTOCOL_VERSION) → host sends `start` → trainer
 * sends `backend-selected`, then a stream of events, checkpoints and finally `finished` or `failed`. The
 * trainer never changes a run's status itself: the host decides, and marks a run `interrupted` when the
 * trainer dies without `finished`/`failed`.
 */
import { z } from 'zod';
import { BACKEND_NAMES, runConfigSchema } from './config/run';
import { wireErrorSchema } from './errors';
import { searchHealthSchema } from './health';

/** Bumped on every incompatible change; the host refuses a trainer that speaks another version. */
export const PROTOCOL_VERSION = 1;

const step = z.number().int().nonnegative();
const finite = z.number().finite();

// ---------------------------------------------------------------- host → trainer

/** What a trainer runs: a search (then derive), the retrain of one architecture from scratch, or a scoring. */
export const jobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('search'),
    /**
     * When the search completes, the host retrains its best derived architecture from scratch as a linked
     * child run (what `enas search` does by default; the UI's New search asks for it). The trainer ignores it.
     */
    retrainBest: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('retrain'), arc: z.string().min(1) }),
  /**
   * Score `arcs` with the final shared weights of search run `fromRunId` (its last checkpoint) on the derive
   * subset of the validation split: how a study measures whether a supernet ranks architectures as their
   * retraining does (weight-sharing fidelity). Each arc is reported as a `derive` sample.
   */
  z.object({ kind: z.literal('score'), arcs: z.array(z.string().min(1)).min(1).max(10_000), fromRunId: z.number().int().positive() }),
]);
export type Job = z.infer<typeof jobSchema>;

export const startMessageSchema = z.object({
  type: z.literal('start'),
  runId: z.number().int().positive(),
  job: jobSchema,
  config: runConfigSchema,
  /** Directory of the normalised dataset (its manifest.json), resolved by the host. */
  datasetDir: z.string().min(1),
  /** Where the trainer writes checkpoint files (temp name, fsync, rename). */
  checkpointDir: z.string().min(1),
  /** Continue from this checkpoint file instead of starting fresh. */
  resumeFrom: z.string().min(1).nullable(),
});

export const hostMessageSchema = z.discriminatedUnion('type', [
  startMessageSchema,
  /** Finish the current batch, write a checkpoint, then exit with `finished { stopped: true }`. */
  z.object({ type: z.literal('stop') }),
]);
export type StartMessage = z.infer<typeof startMessageSchema>;
export type HostMessage = z.infer<typeof hostMessageSchema>;

// ---------------------------------------------------------------- trainer → host

export const readyMessageSchema = z.object({
  type: z.literal('ready'),
  protocolVersion: z.number().int(),
  pid: z.number().int(),
});

export const backendSelectedSchema = z.object({
  type: z.literal('backend-selected'),
  backend: z.enum(BACKEND_NAMES),
  /** For every candidate: 'selected' or why it was skipped. */
  reasons: z.record(z.string(), z.string()),
  versions: z.record(z.string(), z.string()),
});

/** One sampled child: what the controller chose and how it scored. */
export const architectureSampledSchema = z.object({
  type: z.literal('architecture-sampled'),
  /** Sample counter of the run, unique and increasing: a sample replayed after a resume keeps its seq. */
  seq: step,
  /** The global shared-weight step at which it was sampled. */
  step,
  epoch: z.number().int().nonnegative(),
  phase: z.enum(['child', 'controller', 'derive']),
  arc: z.string(),
  archId: z.string(),
  /** Reward given to the strategy (phase controller/derive); null for a child-phase sample. */
  reward: finite.nullable(),
  baseline: finite.nullable(),
  logProb: finite.nullable(),
  entropy: finite.nullable(),
  /** Validation accuracy (images) or perplexity (text) the reward was computed from. */
  validScore: finite.nullable(),
  paramCount: z.number().int().nonnegative().nullable(),
  /**
   * Cost of the child's fixed network at the run's child config and data shape (core/spaces/arch-cost.ts):
   * parameters, multiply-adds per input, and inference latency in ms (batch 1) where measured. Absent
   * from trainers that predate them.
   */
  params: z.number().int().nonnegative().nullable().optional(),
  flops: z.number().nonnegative().nullable().optional(),
  latencyMs: finite.nullable().optional(),
  status: z.enum(['ok', 'failed']),
  reason: z.string().nullable(),
});

/**
 * The controller's hidden state at each decision of one scored architecture (the controller analysis,
 * src/shared/controller-analysis.ts): `width` float32 values per decision, little-endian, base64-encoded.
 */
export const controllerTraceSchema = z
  .object({
    type: z.literal('controller-trace'),
    /** The seq of the architecture-sampled message it belongs to. */
    seq: step,
    epoch: z.number().int().nonnegative(),
    tokens: z.array(z.number().int().nonnegative()).min(1).max(10_000),
    width: z.number().int().min(1).max(1024),
    hidden: z.string().min(1).max(8_000_000).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .refine((t) => (base64Bytes(t.hidden) % (4 * t.width) === 0), {
    message: 'hidden must hold a whole number of rows of `width` float32 values',
    path: ['hidden'],
  });

/** Bytes a padded base64 string decodes to. */
function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Scalar metrics of one step; series names are stable strings (`child/loss`, `controller/entropy`, …). */
export const stepMetricsSchema = z.object({
  type: z.literal('step-metrics'),
  step,
  epoch: z.number().int().nonnegative(),
  metrics: z.record(z.string(), z.number()),
});

export const epochEndedSchema = z.object({
  type: z.literal('epoch-ended'),
  epoch: z.number().int().nonnegative(),
  step,
  epochs: z.number().int().positive(),
  /** Seconds since the run (or its resume) started, and the trainer's estimate of what is left. */
  elapsedS: z.number().nonnegative(),
  etaS: z.number().nonnegative().nullable(),
  metrics: z.record(z.string(), z.number()),
});

/** Progress inside an epoch, for progress bars: at most a few per second. */
export const progressSchema = z.object({
  type: z.literal('progress'),
  stage: z.enum(['search', 'derive', 'retrain']),
  /**
   * Inside a search epoch: `child` while the shared weights ω train (done/total count their steps),
   * `controller` while the strategy learns from validation rewards (done/total count the rewards).
   */
  phase: z.enum(['child', 'controller']).optional(),
  epoch: z.number().int().nonnegative(),
  epochs: z.number().int().positive(),
  done: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  /** Seconds until the whole run (search and derive, or retrain) is done, at its measured pace. */
  etaS: z.number().nonnegative().nullable(),
});

export const checkpointWrittenSchema = z.object({
  type: z.literal('checkpoint-written'),
  step,
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const derivedSchema = z.object({
  type: z.literal('derived'),
  /** The best architectures by validation score, best first. */
  architectures: z.array(z.object({ rank: z.number().int().min(1), arc: z.string(), archId: z.string(), score: finite })),
});

/** The run's search health so far (src/shared/health.ts); each one replaces the last. */
export const healthMessageSchema = z.object({ type: z.literal('health'), health: searchHealthSchema });

export const finishedSchema = z.object({
  type: z.literal('finished'),
  /** True when the run ended because the host asked it to stop. */
  stopped: z.boolean(),
  /** Final scores, e.g. `{ 'retrain/test-accuracy': 0.87 }`. */
  results: z.record(z.string(), z.number()),
});

export const failedSchema = z.object({ type: z.literal('failed'), error: wireErrorSchema });

export const logSchema = z.object({
  type: z.literal('log'),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});

export const trainerMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  backendSelectedSchema,
  architectureSampledSchema,
  controllerTraceSchema,
  stepMetricsSchema,
  epochEndedSchema,
  progressSchema,
  checkpointWrittenSchema,
  derivedSchema,
  healthMessageSchema,
  finishedSchema,
  failedSchema,
  logSchema,
]);
export type TrainerMessage = z.infer<typeof trainerMessageSchema>;
export type ArchitectureSampled = z.infer<typeof architectureSampledSchema>;
export type ControllerTrace = z.infer<typeof controllerTraceSchema>;
