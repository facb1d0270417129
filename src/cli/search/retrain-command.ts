/**
 * `enas retrain RUN_ID [--arc "…"] [--epochs N]`: retrain an architecture of a finished search from scratch
 * as a linked child run (the best derived one unless `--arc` names another), then report its test accuracy
 * (images) or test perplexity beside the unigram baseline (text). `--set retrain.PATH=VALUE` and `--config FILE`
 * edit the retrain schedule of the search's configuration (e.g. a wider fixed network or more epochs); only
 * `retrain.*` paths are accepted, because nothing else in the configuration affects a retrain.
 */
import { runConfigSchema } from '../../shared/config/run';
import { EnasError } from '../../shared/errors';
import type { CliCommand } from '../command';
import { EXIT } from '../command';
import { openRunWorkbench } from '../cli-workbench';
import { parseCommandArgs } from '../parse-command-args';
import { followRun } from './follow-run';
import { printRetrainResults } from './print-results';
import { applyConfigOverrides } from './config-overrides';

const USAGE =
  'enas retrain RUN_ID [--arc "ARC STRING"] [--epochs N] [--set retrain.PATH=VALUE ...] [--config FILE.json] [--db FILE] [--json] [--verbose]';

function parseRetrainArgs(args: readonly string[]) {
  return parseCommandArgs(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        arc: { type: 'string' },
        epochs: { type: 'string' },
        set: { type: 'string', multiple: true },
        config: { type: 'string' },
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
    const sets = values.set ?? [];
    const outside = sets.find((assignment) => !assignment.trim().startsWith('retrain.'));
    if (outside !== undefined) {
      throw new EnasError('CLI_USAGE', `--set ${outside}: a retrain only reads the "retrain" settings; use a path under retrain. (e.g. --set retrain.child.outFilters=24)`);
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
      const edited = applyConfigOverrides(config, { configFile: values.config, sets });
      if (values.config !== undefined && JSON.stringify({ ...edited, retrain: null }) !== JSON.stringify({ ...config, retrain: null })) {
        throw new EnasError('CLI_USAGE', `--config ${values.config}: a retrain only reads the "retrain" settings; the file changes others`);
      }
      const retrainConfig = values.epochs === undefined ? edited : { ...edited, retrain: { ...edited.retrain, epochs: Number(values.epochs) } };
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
