/**
 * `enas runs delete ID --yes`: deletes a run that is not running, with its metrics, samples, log and
 * checkpoint files. Without `--yes` it only says what would be deleted (exit 2), since nothing undoes it.
 */
import { EnasError } from '../../shared/errors';
import { EXIT } from '../command';
import { openCliWorkbench } from '../cli-workbench';
import { runIdArgument } from './runs-args';
import type { RunsSubcommand } from './runs-subcommand';

const usage = 'enas runs delete ID --yes [--db FILE] [--json]';

export const runsDelete: RunsSubcommand = {
  name: 'delete',
  summary: 'delete a run with its rows and checkpoint files (needs --yes)',
  usage,
  options: { yes: { type: 'boolean', short: 'y', default: false } },
  async run(parsed, io) {
    const runId = runIdArgument(parsed.positionals, usage);
    const opened = await openCliWorkbench(io, parsed.db, parsed.values.yes === true ? 'write' : 'read');
    try {
      const { handlers } = opened.workbench;
      const { run, checkpoints } = await handlers['runs.get']({ runId });
      if (parsed.values.yes !== true) {
        throw new EnasError(
          'CLI_USAGE',
          `this deletes run ${run.id} "${run.name}" (${run.status}) with its ${checkpoints.length} checkpoint file(s); add --yes to do it`,
        );
      }
      await handlers['runs.delete']({ runId });
      io.stdout(parsed.json ? `${JSON.stringify({ deleted: runId })}\n` : `deleted run ${runId} "${run.name}"\n`);
      return EXIT.ok;
    } finally {
      await opened.close();
    }
  },
};
