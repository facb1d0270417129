/**
 * Workbench API, read-only queries a UI charts and tables need: downsampled metric series (one run or 2–4
 * runs side by side), a run's series names, pages of sampled architectures, the per-sample rewards of
 * several runs, the derived ranking and the imported datasets.
 */
import { z } from 'zod';
import {
  datasetRecordSchema,
  derivedArchitectureSchema,
  metricSeriesSchema,
  samplePageSchema,
  sampleQuerySchema,
  sampleRewardsSchema,
  seriesQuerySchema,
} from '../run';
import type { ApiMethodSpec } from './method-spec';
import { runIdRequestSchema } from './runs';
import { searchHealthSchema } from '../health';
import { controllerAnalysisSchema } from '../controller-analysis';
import { costMeasureSchema } from '../config/objective';
import { runFrontSchema } from '../front';

const seriesName = z.string().min(1).max(200);

/** Between `min` and `max` distinct run ids. */
const distinctRunIds = (min: number, max: number) =>
  z
    .array(z.number().int().positive())
    .min(min)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'runIds must be distinct' });

export const queriesApi = {
  'metrics.series': {
    request: z.object({ runId: z.number().int().positive(), series: seriesName, query: seriesQuerySchema }),
    response: metricSeriesSchema,
    writes: false,
  },
  'metrics.seriesNames': { request: runIdRequestSchema, response: z.array(z.string()), writes: false },
  'samples.page': { request: sampleQuerySchema, response: samplePageSchema, writes: false },
  'derived.list': { request: runIdRequestSchema, response: z.array(derivedArchitectureSchema), writes: false },
  /** The run's search health (src/shared/health.ts); null before the trainer reported any. */
  'health.get': { request: runIdRequestSchema, response: searchHealthSchema.nullable(), writes: false },
  /**
   * The controller analysis of the run (src/shared/controller-analysis.ts), computed from its stored
   * controller traces; null when the run has none (a strategy without a controller, or an older run).
   */
  'analysis.controller': { request: runIdRequestSchema, response: controllerAnalysisSchema.nullable(), writes: false },
  /** The same series of 2–4 distinct runs, for the comparison view. */
  'runs.compare': {
    request: z.object({
      runIds: distinctRunIds(2, 4),
      series: seriesName,
      query: seriesQuerySchema,
    }),
    response: z.array(metricSeriesSchema),
    writes: false,
  },
  /**
   * Every scored sample's reward of 1–8 runs, in sample order (not downsampled: the Compare view smooths
   * and groups them itself; a 10,000-sample run is about 300 kB of JSON).
   */
  'samples.rewards': { request: z.object({ runIds: distinctRunIds(1, 8) }), response: z.array(sampleRewardsSchema), writes: false },
  'datasets.list': { request: z.object({}), response: z.array(datasetRecordSchema), writes: false },
  /** The run's Pareto front of (accuracy, cost) and its hypervolume over time (src/shared/front.ts). */
  'samples.front': {
    request: z.object({ runId: z.number().int().positive(), cost: costMeasureSchema.default('params') }),
    response: runFrontSchema,
    writes: false,
  },
} as const satisfies Record<string, ApiMethodSpec>;
