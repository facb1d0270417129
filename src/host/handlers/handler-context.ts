/**
 * What the API handlers share: the store, the run lifecycle, the event hub, the paths, the clock, the
 * browser-upload area, and `mustGetRun`,
 * which turns an unknown run id into RUN_NOT_FOUND before anything else happens.
 */
import { EnasError } from '../../shared/errors';
import type { RunRecord } from '../../shared/run';
import type { Store } from '../../store/store';
import type { EventHub } from '../event-hub';
import type { UploadArea } from '../datasets/upload-area';
import type { CheckpointWeightsReader } from '../exports/export-weights';
import type { Clock } from '../ports';
import type { RunLifecycle } from '../run-lifecycle';

export interface HandlerContext {
  store: Store;
  lifecycle: RunLifecycle;
  hub: EventHub;
  dataDir: string;
  checkpointDir: string;
  readCheckpointWeights: CheckpointWeightsReader | undefined;
  clock: Clock;
  uploads: UploadArea;
}

export function mustGetRun(store: Store, runId: number): RunRecord {
  const run = store.runs.get(runId);
  if (run === undefined) throw new EnasError('RUN_NOT_FOUND', `no run with id ${runId}`, { runId });
  return run;
}
