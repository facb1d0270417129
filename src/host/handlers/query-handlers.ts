/**
 * Handlers of the read-only queries: metric series, samples, per-sample rewards, derived ranking, health, the
 * controller analysis, the Pareto front, comparison, datasets.
 */
import { analyseController } from '../../core/analysis/controller-analysis';
import { runFront } from '../front/run-front';
import type { ApiHandlers } from '../../shared/api';
import type { HandlerContext } from './handler-context';
import { mustGetRun } from './handler-context';

type QueryHandlers = Pick<
  ApiHandlers,
  'metrics.series' | 'metrics.seriesNames' | 'samples.page' | 'samples.rewards' | 'derived.list' | 'health.get' | 'analysis.controller' | 'runs.compare' | 'datasets.list' | 'samples.front'
>;

export function createQueryHandlers({ store }: HandlerContext): QueryHandlers {
  return {
    async 'metrics.series'({ runId, series, query }) {
      mustGetRun(store, runId);
      return store.metrics.series(runId, series, query);
    },
    async 'metrics.seriesNames'({ runId }) {
      mustGetRun(store, runId);
      return store.metrics.seriesNames(runId);
    },
    async 'samples.page'(query) {
      mustGetRun(store, query.runId);
      return store.samples.page(query);
    },
    async 'samples.rewards'({ runIds }) {
      for (const runId of runIds) mustGetRun(store, runId);
      return runIds.map((runId) => store.samples.rewards(runId));
    },
    async 'derived.list'({ runId }) {
      mustGetRun(store, runId);
      return store.derived.list(runId);
    },
    async 'health.get'({ runId }) {
      mustGetRun(store, runId);
      return store.health.get(runId);
    },
    async 'analysis.controller'({ runId }) {
      mustGetRun(store, runId);
      const traces = store.traces.list(runId);
      if (traces.length === 0) return null;
      return analyseController(traces.map((t) => ({ epoch: t.epoch, tokens: t.tokens, hidden: { width: t.width, values: t.hidden } })));
    },
    async 'runs.compare'({ runIds, series, query }) {
      for (const runId of runIds) mustGetRun(store, runId);
      return store.metrics.compare(runIds, series, query);
    },
    async 'samples.front'({ runId, cost }) {
      return runFront(store, mustGetRun(store, runId), cost);
    },
    async 'datasets.list'() {
      return store.datasets.list();
    },
  };
}
