/**
 * What a read-only workbench (`enas runs list` while another process writes) reports for a run that is
 * `running` in the store: it is running only while a writer is alive. When the writer died (SIGKILL, a
 * crash), nothing has yet marked its runs `interrupted` (the next writer's start-up recovery will,
 * recovery.ts), so the reader says what they are, without writing: `interrupted`, resumable.
 */
import type { ApiHandlers } from '../shared/api';
import type { RunRecord, RunSummary } from '../shared/run';

type Viewed = Pick<ApiHandlers, 'runs.list' | 'runs.get'>;

export function asReadOnlyView(handlers: Viewed, writerAlive: () => boolean): Viewed {
  const seen = <R extends Pick<RunRecord, 'status'>>(run: R, alive: boolean): R =>
    run.status === 'running' && !alive ? { ...run, status: 'interrupted' } : run;
  // Its duration would be "now − start" and keep growing: when it ended is unknown, so it is not shown.
  const summary = (run: RunSummary, alive: boolean): RunSummary => (run.status === 'running' && !alive ? { ...seen(run, alive), durationMs: null } : run);
  return {
    async 'runs.list'(request) {
      const runs = await handlers['runs.list'](request);
      const alive = writerAlive();
      return runs.map((run) => summary(run, alive));
    },
    async 'runs.get'(request) {
      const detail = await handlers['runs.get'](request);
      return { ...detail, run: seen(detail.run, writerAlive()) };
    },
  };
}
