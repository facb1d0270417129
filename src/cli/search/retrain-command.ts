/**
 * `enas retrain RUN_ID [--arc "…"] [--epochs N]`: retrain an architecture of a finished search from scratch
 * as a linked child run (the best derived one unless `--arc` names another), then report its test accuracy
 * (images) or test perplexity beside the unigram baseline (text).
 */
import { runConfigSchema } from '../../shared/config/run';
import { EnasError } from '../../shared/errors';
import type { CliCommand } from '../command';
import { EXIT } from '../command';
import { openRunWorkbench } from '../cli-workbench';
import { parseCommandArgs } from '../parse-command-args';
import { followRun } from './follow-run';
import { printRetrainResults } from './print-results';

const USAGE = 'enas retrain RUN_ID [--arc "ARC STRING"] [--epochs N] [--db FILE] [--json] [--verbose]';

function parseRetrainArgs(args: readonly string[]) {
  return parseCommandArgs(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        arc: { type: 'string' },
        epochs: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
}

export const retrainCommand: CliCommand = {
  name: 'retrain',
  summary: 'retrain a derived architecture of a search from scratch and report its test score',
  async run(args, io) {
    const { values, positionals } = parseRetrainArgs(args);
    if (values.help) {
      io.stdout(`${this.summary}\nusage: ${USAGE}\n`);
      return EXIT.ok;
    }
    const [idText, ...extra] = positionals;
    if (idText === undefined || extra.length > 0 || !/^[1-9][0-9]*$/.test(idText)) {
      throw new EnasError('CLI_USAGE', `expected the id of one search run, got "${positionals.join(' ')}"\nusage: ${USAGE}`);
    }
    if (values.epochs !== undefined && !/^[1-9][0-9]{0,3}$/.test(values.epochs)) {
      throw new EnasError('CLI_USAGE', `--epochs must be an integer from 1 to 9999, got "${values.epochs}"`);
    }
    const searchId = Number(idText);
    const opened = await openRunWorkbench(io, values.db);
    const { workbench } = opened;
    try {
      const { run } = await workbench.handlers['runs.get']({ runId: searchId });
      const config = runConfigSchema.parse(run.config);
      let arc = values.arc?.trim().replace(/\s+/g, ' ');
      if (arc === undefined) {
        const best = (await workbench.handlers['derived.list']({ runId: searchId }))[0];
        if (best === undefined) throw new EnasError('CLI_USAGE', `run ${searchId} has no derived architecture yet; pass --arc`);
        arc = best.arc;
      }
      const retrainConfig = values.epochs === undefined ? config : { ...config, retrain: { ...config.retrain, epochs: Number(values.epochs) } };
      const retrain = await workbench.handlers['runs.create']({
        name: `retrain of run ${searchId}`,
        config: retrainConfig,
        job: { kind: 'retrain', arc },
        parentRunId: searchId,
        tags: [],
        notes: '',
      });
      io.stderr(`run ${retrain.id}: retraining ${arc} (${retrainConfig.retrain.epochs} epochs)\n`);
      await workbench.handlers['runs.start']({ runId: retrain.id });
      const done = await followRun(workbench, retrain.id, io, {
        json: values.json === true,
        tty: process.stderr.isTTY === true && values.json !== true,
        scoreName: retrainConfig.space.space === 'rnn' ? 'perplexity' : 'accuracy',
        verbose: values.verbose === true,
      });
      io.stdout(`run ${retrain.id} ${done.status}${done.error ? `: ${done.error.message}` : ''}\n`);
      await printRetrainResults(workbench, retrain.id, io);
      return done.status === 'completed' ? EXIT.ok : EXIT.failed;
    } finally {
      await opened.close();
    }
  },
};
