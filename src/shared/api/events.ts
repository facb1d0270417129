/**
 * Workbench API, pushed events: what the host tells every connected UI without being asked. They are
 * notifications, the store is the truth: a `trainer-event` is pushed after its rows are committed, so a UI
 * that re-queries on an event sees the data the event announced.
 */
import { z } from 'zod';
import { datasetImportProgressReportSchema } from '../dataset';
import { trainerMessageSchema } from '../protocol';
import { datasetRecordSchema, runRecordSchema } from '../run';

export const workbenchEventSchema = z.discriminatedUnion('type', [
  /** A run's status, annotation or error changed; carries the record as now stored. */
  z.object({ type: z.literal('run-updated'), run: runRecordSchema }),
  z.object({ type: z.literal('run-deleted'), runId: z.number().int().positive() }),
  /** A message of the run's trainer, as parsed by the host. */
  z.object({ type: z.literal('trainer-event'), runId: z.number().int().positive(), message: trainerMessageSchema }),
  /** A study's plan advanced (a run was linked, started or ended) or it started or stopped running. */
  z.object({ type: z.literal('study-updated'), studyId: z.number().int().positive() }),
  /** A dataset was imported (a drop, a menu, the embedded defaults at first start). */
  z.object({ type: z.literal('dataset-imported'), dataset: datasetRecordSchema }),
  /** A running import's progress (throttled to about 10 a second); the last one is `done` or `failed`. */
  z.object({ type: z.literal('dataset-import-progress'), progress: datasetImportProgressReportSchema }),
]);
export type WorkbenchEvent = z.infer<typeof workbenchEventSchema>;
