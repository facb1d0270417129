/** Handlers of the `exports.*` methods: each checks the run, then writes its file atomically. */
import type { ApiHandlers } from '../../shared/api';
import { exportArchitectures } from '../exports/export-architectures';
import { exportRunJson } from '../exports/export-run';
import { exportMetricsCsv, exportSamplesCsv } from '../exports/export-tables';
import { exportWeights } from '../exports/export-weights';
import type { HandlerContext } from './handler-context';
import { mustGetRun } from './handler-context';

type ExportHandlers = Pick<
  ApiHandlers,
  'exports.run' | 'exports.metrics' | 'exports.samples' | 'exports.architectures' | 'exports.weights'
>;

export function createExportHandlers({ store, readCheckpointWeights }: HandlerContext): ExportHandlers {
  return {
    async 'exports.run'({ runId, file }) {
      return exportRunJson(store, mustGetRun(store, runId), file);
    },
    async 'exports.metrics'({ runId, file, series }) {
      mustGetRun(store, runId);
      return exportMetricsCsv(store, runId, file, series);
    },
    async 'exports.samples'({ runId, file }) {
      mustGetRun(store, runId);
      return exportSamplesCsv(store, runId, file);
    },
    async 'exports.architectures'({ runId, file, format, source }) {
      return exportArchitectures(store, mustGetRun(store, runId), file, format, source);
    },
    async 'exports.weights'({ runId, file, checkpointId }) {
      return exportWeights(store, mustGetRun(store, runId), file, checkpointId, readCheckpointWeights);
    },
  };
}
