/**
 * The retrain that follows a search (Pham et al. 2018, §3: the derived architecture is retrained from
 * scratch and that is the number reported). `enas search` runs it itself; a search created with
 * `job.retrainBest` (the UI's New search) gets it from the host: when the run completes, its best derived
 * architecture becomes a linked retrain run, started at once. Once per search: a search that already has a
 * retrain child gets no second one.
 */
import type { ApiHandlers, WorkbenchEvent } from '../shared/api';
import type { RunRecord } from '../shared/run';
import type { Logger } from './ports';
import { fromStoredConfig } from './stored-config';

type Handlers = Pick<ApiHandlers, 'runs.list' | 'runs.create' | 'runs.start' | 'derived.list'>;

export async function retrainBestOf(handlers: Handlers, search: RunRecord): Promise<RunRecord | undefined> {
  const { config, job } = fromStoredConfig(search);
  if (job.kind !== 'search' || job.retrainBest !== true) return undefined;
  if ((await handlers['runs.list']({})).some((r) => r.parentRunId === search.id)) return undefined;
  const best = (await handlers['derived.list']({ runId: search.id }))[0];
  if (best === undefined) return undefined;
  const retrain = await handlers['runs.create']({
    name: `retrain of run ${search.id}`,
    config,
    job: { kind: 'retrain', arc: best.arc },
    parentRunId: search.id,
    tags: [],
    notes: '',
  });
  return handlers['runs.start']({ runId: retrain.id });
}

/** The listener a writing workbench subscribes: a search that just completed gets its retrain. */
export function autoRetrainListener(handlers: Handlers, log: Logger): (event: WorkbenchEvent) => void {
  return (event) => {
    if (event.type !== 'run-updated' || event.run.status !== 'completed' || event.run.parentRunId !== null) return;
    retrainBestOf(handlers, event.run).then(
      (retrain) => {
        if (retrain !== undefined) log.log('info', `run ${event.run.id}: retraining its best architecture as run ${retrain.id}`);
      },
      (err: unknown) => log.log('error', `run ${event.run.id}: cannot start the retrain of its best architecture: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
}
