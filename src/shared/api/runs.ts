/**
 * Workbench API, run lifecycle: list, inspect, create, start, stop, resume, delete and annotate runs.
 * A `runs.create` request carries the fully resolved RunConfig (presets produce it) and the job (search, or
 * retrain of one arc) and is validated here, at the boundary, so the host never sees a config that does
 * not parse.
 */
import { z } from 'zod';
import { runConfigSchema } from '../config/run';
import { jobSchema } from '../protocol';
import { checkpointRecordSchema, runEventSchema, runRecordSchema, runSummarySchema } from '../run';
import type { ApiMethodSpec } from './method-spec';

const runId = z.number().int().positive();
export const runIdRequestSchema = z.object({ runId });

const runName = z.string().trim().min(1).max(200);
const tag = z.string().trim().min(1).max(50);

/** One run with what its detail view shows beside the record. */
const runDetailSchema = z.object({
  run: runRecordSchema,
  /** Its checkpoints by step; the last one is where a resume starts. */
  checkpoints: z.array(checkpointRecordSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const runsApi = {
  'runs.list': { request: z.object({}), response: z.array(runSummarySchema), writes: false },
  'runs.get': { request: runIdRequestSchema, response: runDetailSchema, writes: false },
  'runs.create': {
    request: z
      .object({
        name: runName,
        config: runConfigSchema,
        /** A search (the default), or the retrain from scratch of one architecture of `parentRunId`. */
        job: jobSchema.default({ kind: 'search' }),
        parentRunId: runId.optional(),
        tags: z.array(tag).max(50).default([]),
        notes: z.string().max(100_000).default(''),
      })
      .refine((r) => (r.job.kind === 'retrain') === (r.parentRunId !== undefined), {
        message: 'a retrain needs parentRunId (the search it retrains), and only a retrain has one',
        path: ['parentRunId'],
      }),
    response: runRecordSchema,
    writes: true,
  },
  /** Launches the trainer for a `created` run. */
  'runs.start': { request: runIdRequestSchema, response: runRecordSchema, writes: true },
  /** Asks the trainer to checkpoint and stop; kills it when it does not within the stop timeout. */
  'runs.stop': { request: runIdRequestSchema, response: runRecordSchema, writes: true },
  /** Restarts an interrupted, stopped, paused or failed run from its last checkpoint. */
  'runs.resume': { request: runIdRequestSchema, response: runRecordSchema, writes: true },
  /** Deletes a run that is not running, with its rows and checkpoint files. */
  'runs.delete': { request: runIdRequestSchema, response: runIdRequestSchema, writes: true },
  'runs.rename': { request: z.object({ runId, name: runName }), response: runRecordSchema, writes: true },
  'runs.tag': { request: z.object({ runId, tags: z.array(tag).max(50) }), response: runRecordSchema, writes: true },
  'runs.notes': { request: z.object({ runId, notes: z.string().max(100_000) }), response: runRecordSchema, writes: true },
  /** The run's log, oldest first, after the event id `afterId`. */
  'runs.events': {
    request: z.object({
      runId,
      afterId: z.number().int().nonnegative().optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
    response: z.array(runEventSchema),
    writes: false,
  },
} as const satisfies Record<string, ApiMethodSpec>;
