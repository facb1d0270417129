/**
 * Workbench API, studies: start one (strategies × seeds under one budget), list them, read one's result
 * table with its paired tests, stop and resume one, find the study a run belongs to; and for a study run on
 * Slurm (`enas study --on slurm`), its array tasks: read them, ask Slurm again, cancel them.
 */
import { z } from 'zod';
import {
  studyRecordSchema,
  studyResultSchema,
  studyRewardCurveSchema,
  studyRunLinkSchema,
  studySpecSchema,
  studySummarySchema,
} from '../study';
import { slurmStudySchema } from '../slurm';
import type { ApiMethodSpec } from './method-spec';

const studyId = z.number().int().positive();
export const studyIdRequestSchema = z.object({ studyId });

export const studiesApi = {
  /** Creates the study and starts running it in the host. */
  'studies.create': {
    request: z.object({ name: z.string().trim().min(1).max(200).optional(), spec: studySpecSchema }),
    response: studyRecordSchema,
    writes: true,
  },
  'studies.list': { request: z.object({}), response: z.array(studySummarySchema), writes: false },
  /** The result table: per strategy n, mean, std, per-seed values, paired tests, cost. */
  'studies.get': { request: studyIdRequestSchema, response: studyResultSchema, writes: false },
  /** Reward-per-sample curves of the weight-sharing strategies: mean ± std over seeds, at most `points` each. */
  'studies.rewards': {
    request: z.object({ studyId, points: z.number().int().min(3).max(2000).default(200) }),
    response: z.array(studyRewardCurveSchema),
    writes: false,
  },
  /** Runs what is left of a study: finished runs are kept, interrupted ones resume from their checkpoint. */
  'studies.resume': {
    request: z.object({
      studyId,
      /** Only these chains of the plan, by index (a Slurm array task runs one); default all. */
      chains: z.array(z.number().int().nonnegative()).max(10_000).optional(),
    }),
    response: studySummarySchema,
    writes: true,
  },
  /** Stops scheduling new runs and stops the running ones (each checkpoints first). */
  'studies.stop': { request: studyIdRequestSchema, response: studySummarySchema, writes: true },
  /** A study on Slurm: its settings and array tasks as last seen; null for a study that runs in the host. */
  'studies.slurm': { request: studyIdRequestSchema, response: slurmStudySchema.nullable(), writes: false },
  /** Asks Slurm (squeue, sacct) for the tasks' states and merges the finished tasks' runs into the store. */
  'studies.slurmRefresh': { request: studyIdRequestSchema, response: slurmStudySchema, writes: true },
  /** scancel of the study's queued and running tasks, or of one (`task`); then the states as Slurm says. */
  'studies.slurmCancel': {
    request: z.object({ studyId, task: z.number().int().nonnegative().optional() }),
    response: slurmStudySchema,
    writes: true,
  },
  /** The study a run belongs to, or null. */
  'studies.ofRun': {
    request: z.object({ runId: z.number().int().positive() }),
    response: studyRunLinkSchema.nullable(),
    writes: false,
  },
} as const satisfies Record<string, ApiMethodSpec>;
