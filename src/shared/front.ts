/**
 * A run's Pareto front of (validation accuracy, cost) over all its sampled architectures, with the
 * hypervolume over time (src/shared/pareto.ts, host/front/run-front.ts): what the run view draws and
 * `enas runs front` exports.
 */
import { z } from 'zod';
import { costMeasureSchema, objectiveSchema } from './config/objective';

export const frontPointSchema = z.object({
  archId: z.string(),
  arc: z.string(),
  /** The architecture's best validation accuracy over its scored samples (a fraction). */
  accuracy: z.number(),
  params: z.number().nonnegative(),
  flops: z.number().nonnegative(),
  /** Inference latency in ms at its best measurement, where the run measured latency; else null. */
  latency: z.number().nonnegative().nullable(),
  /** Sequence number of its first scored sample, and how many of its samples were scored. */
  firstSeq: z.number().int().nonnegative(),
  samples: z.number().int().positive(),
  /** Whether no other architecture is at least as accurate and at most as costly (and better in one). */
  onFront: z.boolean(),
});
export type FrontPoint = z.infer<typeof frontPointSchema>;

export const runFrontSchema = z.object({
  runId: z.number().int().positive(),
  /** Which cost the front trades accuracy against. */
  cost: costMeasureSchema,
  /**
   * The hypervolume's reference point: accuracy 0 and `cost`, the cost of the space's costliest architecture
   * for the run's config (`largest-architecture`), or, where the run's data shape is unknown, the costliest
   * sampled one (`largest-sampled`). Hypervolumes are in accuracy × cost / reference.cost, so in [0, 1].
   */
  reference: z.object({ accuracy: z.number(), cost: z.number().positive(), source: z.enum(['largest-architecture', 'largest-sampled']) }),
  /** One per architecture with a cost and a validation accuracy, the front's first, by increasing cost. */
  points: z.array(frontPointSchema),
  /** Hypervolume of the front of the samples up to each `seq` where it changed (a step function). */
  hypervolume: z.object({ seq: z.array(z.number().int().nonnegative()), value: z.array(z.number()) }),
  /** What the run's rewards maximised (a budget is drawn as a line on the front). */
  objective: objectiveSchema,
  /** Why there is nothing to draw (an rnn run, a run stored before costs were recorded); null otherwise. */
  note: z.string().nullable(),
});
export type RunFront = z.infer<typeof runFrontSchema>;

/** What the run view's export buttons and `enas runs front` write: the front's points and its hypervolume. */
export function frontExport(front: RunFront) {
  const { runId, cost, reference, note, objective } = front;
  return {
    runId,
    cost,
    objective,
    reference,
    hypervolume: front.hypervolume.value[front.hypervolume.value.length - 1] ?? 0,
    samplesScored: front.points.reduce((n, p) => n + p.samples, 0),
    architectures: front.points.length,
    front: front.points.filter((p) => p.onFront).map(({ onFront: _, ...p }) => p),
    note,
  };
}

const FRONT_COLUMNS = ['arch_id', 'arc', 'accuracy', 'params', 'flops', 'latency_ms', 'first_seq', 'samples'] as const;

/** RFC 4180 CSV (CRLF, quoted where needed, as host/exports/csv.ts writes) of the front's points, cheapest first. */
export function frontCsv(front: RunFront): string {
  const field = (v: string | number): string => {
    const text = String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = frontExport(front).front.map((p) => [p.archId, p.arc, p.accuracy, p.params, p.flops, p.latency ?? '', p.firstSeq, p.samples]);
  return [FRONT_COLUMNS, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
