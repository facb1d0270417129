/**
 * `enas runs resume ID`: restarts an interrupted, stopped, paused or failed run from its last checkpoint
 * and follows it in the foreground until it ends (automatic restarts included), printing epochs and
 * warnings. Ctrl-C asks the trainer to checkpoint and stop. Exit 0 when the run completed or was stopped.
 */
import type { WorkbenchEvent } from '../../shared/api';
import { EXIT } from '../command';
import { openRunWorkbench } from '../cli-workbench';
import { runIdArgument } from './runs-args';
import type { RunsSubcommand } from './runs-subcommand';

const usage = 'enas runs resume ID [--db FILE] [--json]';

function describe(event: WorkbenchEvent, runId: number): string | undefined {
  if (event.type === 'run-updated' && event.run.id === runId) {
    return `run ${runId}: ${event.run.status}${event.run.error === null ? '' : ` (${event.run.error.message})`}`;
  }
  if (event.type !== 'trainer-event' || event.runId !== runId) return undefined;
  const m = event.message;
  if (m.type === 'epoch-ended') {
    const metrics = Object.entries(m.metrics).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ');
    return `epoch ${m.epoch + 1}/${m.epochs} · step ${m.step}${metrics === '' ? '' : ` · ${metrics}`}`;
  }
  if (m.type === 'checkpoint-written') return `checkpoint at step ${m.step}`;
  if (m.type === 'log' && (m.level === 'warn' || m.level === 'error')) return `${m.level}: ${m.message}`;
  return undefined;
}

export const runsResume: RunsSubcommand = {
  name: 'resume',
  summary: 'resume a run from its last checkpoint and follow it until it ends',
  usage,
  options: {},
  async run(parsed, io) {
    const runId = runIdArgument(parsed.positionals, usage);
    const opened = await openRunWorkbench(io, parsed.db);
    const { workbench } = opened;
    const unsubscribe = workbench.subscribe((event) => {
      if (parsed.json) {
        const mine = (event.type === 'run-updated' && event.run.id === runId) || ('runId' in event && event.runId === runId);
        if (mine) io.stdout(`${JSON.stringify(event)}\n`);
        return;
      }
      const line = describe(event, runId);
      if (line !== undefined) io.stderr(`${line}\n`);
    });
    let stopping = false;
    const removeInterrupt = io.onInterrupt(() => {
      if (stopping) return;
      stopping = true;
      io.stderr(`stopping run ${runId}: the trainer writes a checkpoint first…\n`);
      workbench.handlers['runs.stop']({ runId }).catch((err: unknown) => io.stderr(`enas: ${err instanceof Error ? err.message : String(err)}\n`));
    });
    try {
      await workbench.handlers['runs.resume']({ runId });
      await workbench.idle(runId);
      const { run } = await workbench.handlers['runs.get']({ runId });
      if (!parsed.json) io.stdout(`run ${runId} ${run.status}\n`);
      return run.status === 'completed' || run.status === 'stopped' ? EXIT.ok : EXIT.failed;
    } finally {
      removeInterrupt();
      unsubscribe();
      await opened.close();
    }
  },
};
