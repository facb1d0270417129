/** `enas runs list`: every run, newest first, with status, best reward, sample count, a retrain's test score and duration. */
import { EXIT } from '../command';
import { openCliWorkbench } from '../cli-workbench';
import { formatDuration, formatNumber, formatTime, table } from '../format';
import type { RunsSubcommand } from './runs-subcommand';

export const runsList: RunsSubcommand = {
  name: 'list',
  summary: 'list every run, newest first',
  usage: 'enas runs list [--db FILE] [--json]',
  options: {},
  async run(parsed, io) {
    const opened = await openCliWorkbench(io, parsed.db, 'read');
    try {
      const runs = await opened.workbench.handlers['runs.list']({});
      if (parsed.json) {
        io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
      } else if (runs.length === 0) {
        io.stdout('no runs yet\n');
      } else {
        io.stdout(
          table(
            ['ID', 'STATUS', 'NAME', 'SPACE', 'STRATEGY', 'SAMPLES', 'BEST REWARD', 'TEST', 'DURATION', 'CREATED'],
            runs.map((r) => [
              String(r.id),
              r.status,
              r.name,
              r.space,
              r.strategy,
              String(r.sampleCount),
              formatNumber(r.bestReward),
              formatNumber(r.testScore),
              formatDuration(r.durationMs),
              formatTime(r.createdAt),
            ]),
          ),
        );
      }
      return EXIT.ok;
    } finally {
      await opened.close();
    }
  },
};
