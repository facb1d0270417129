/**
 * Handlers of the `runs.*` lifecycle methods. A run is created `created` with its fully resolved config
 * and dataset; start/stop/resume go through the lifecycle; delete refuses a busy run and removes the
 * checkpoint files with the rows.
 */
import { rm } from 'node:fs/promises';
import type { ApiHandlers } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import type { RunRecord } from '../../shared/run';
import { stagingDirOf } from '../checkpoint-intake';
import { resolveDataset } from '../dataset-resolver';
import { provenanceOf, toStoredConfig } from '../stored-config';
import { recordPresetProvenance } from '../../shared/config/preset-provenance';
import { validateRunRequest } from '../validate-run-request';
import type { HandlerContext } from './handler-context';
import { mustGetRun } from './handler-context';

type RunsHandlers = Pick<
  ApiHandlers,
  | 'runs.list'
  | 'runs.get'
  | 'runs.create'
  | 'runs.start'
  | 'runs.stop'
  | 'runs.resume'
  | 'runs.delete'
  | 'runs.rename'
  | 'runs.tag'
  | 'runs.notes'
  | 'runs.events'
>;

export function createRunsHandlers(ctx: HandlerContext): RunsHandlers {
  const { store, lifecycle, hub } = ctx;
  const annotated = (run: RunRecord): RunRecord => {
    hub.emit({ type: 'run-updated', run });
    return run;
  };
  return {
    async 'runs.list'() {
      return store.runs.list();
    },
    async 'runs.get'({ runId }) {
      return { run: mustGetRun(store, runId), checkpoints: store.checkpoints.list(runId) };
    },
    async 'runs.create'({ name, config: requested, job, parentRunId, tags, notes }) {
      const dataset = resolveDataset(store, ctx.dataDir, requested.dataset);
      const parent = parentRunId === undefined ? undefined : mustGetRun(store, parentRunId);
      validateRunRequest(requested, job, dataset.record);
      // The preset actually used: `custom` with its base and changes when the config was edited.
      const { config, provenance } = recordPresetProvenance(requested, parent === undefined ? undefined : provenanceOf(parent)?.basePreset);
      const run = store.runs.create({
        name,
        tags,
        notes,
        space: config.space.space,
        strategy: config.strategy.strategy,
        preset: config.preset,
        datasetId: dataset.record.id,
        config: toStoredConfig(config, job, provenance),
        parentRunId: parentRunId ?? null,
        seed: config.seed,
        // The trainer reports the backend it picked; until then the row holds the request.
        backend: config.backend,
        versions: {},
      });
      return annotated(run);
    },
    async 'runs.start'({ runId }) {
      return lifecycle.start(runId);
    },
    async 'runs.stop'({ runId }) {
      return lifecycle.stop(runId);
    },
    async 'runs.resume'({ runId }) {
      return lifecycle.resume(runId);
    },
    async 'runs.delete'({ runId }) {
      const run = mustGetRun(store, runId);
      if (lifecycle.isBusy(runId) || run.status === 'running') {
        throw new EnasError('RUN_BAD_STATE', `cannot delete run ${runId} while it is running: stop it first`, { runId });
      }
      // Rows of checkpoints first, each with its file; a file that cannot be removed is swept at next start.
      for (const checkpoint of store.checkpoints.list(runId)) await store.checkpointFiles.deleteCheckpoint(checkpoint.id);
      store.runs.delete(runId);
      await rm(stagingDirOf(ctx.checkpointDir, runId), { recursive: true, force: true });
      hub.emit({ type: 'run-deleted', runId });
      return { runId };
    },
    async 'runs.rename'({ runId, name }) {
      mustGetRun(store, runId);
      return annotated(store.runs.annotate(runId, { name }));
    },
    async 'runs.tag'({ runId, tags }) {
      mustGetRun(store, runId);
      return annotated(store.runs.annotate(runId, { tags }));
    },
    async 'runs.notes'({ runId, notes }) {
      mustGetRun(store, runId);
      return annotated(store.runs.annotate(runId, { notes }));
    },
    async 'runs.events'({ runId, afterId, limit }) {
      mustGetRun(store, runId);
      return store.events.list(runId, { ...(afterId === undefined ? {} : { afterId }), ...(limit === undefined ? {} : { limit }) });
    },
  };
}
