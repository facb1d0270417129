/**
 * `enas search`: create a run from a preset and the flags, start it, follow it with a live progress line,
 * then (for image spaces) retrain the best derived architecture from scratch as a linked child run and report
 * its test accuracy. With no arguments: the quick micro search on the embedded Fashion-MNIST subset. With
 * `--evaluator table`: a tabular search of a NAS-Bench-201 table, tabular-search-command.ts.
 */
import type { CliCommand } from '../command';
import { EXIT } from '../command';
import { openRunWorkbench } from '../cli-workbench';
import { ensureEmbeddedDataset } from '../embedded-data';
import { followRun } from './follow-run';
import { healthLines } from './health-lines';
import { printRetrainResults } from './print-results';
import { parseSearchOptions, SEARCH_USAGE } from './search-options';
import { isTabularSearch, TABULAR_SEARCH_USAGE } from './tabular-options';
import { runTabularSearch } from './tabular-search-command';
import { splitWarnings } from '../../shared/split-warnings';

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'run an ENAS (or random-ws, parsec) search, derive the best architecture and retrain it; or search a NAS-Bench-201 table',
  async run(args, io) {
    if (isTabularSearch(args)) return runTabularSearch(args, io, this.summary);
    const options = parseSearchOptions(args);
    if (options.help) {
      io.stdout(`${this.summary}\nusage: ${SEARCH_USAGE}\n       ${TABULAR_SEARCH_USAGE}\n`);
      return EXIT.ok;
    }
    const { config } = options;
    const opened = await openRunWorkbench(io, options.db);
    const { workbench } = opened;
    const tty = process.stderr.isTTY === true && !options.json;
    const scoreName = config.space.space === 'rnn' ? 'perplexity' : 'accuracy';
    try {
      await ensureEmbeddedDataset(workbench, config.dataset, io);
      const dataset = (await workbench.handlers['datasets.list']({})).find((d) => d.name === config.dataset || String(d.id) === config.dataset);
      for (const warning of dataset === undefined ? [] : splitWarnings(dataset)) io.stderr(`warning: ${warning}\n`);
      const name = options.name ?? `${config.space.space} ${config.strategy.strategy} ${config.preset} seed ${config.seed}`;
      const search = await workbench.handlers['runs.create']({ name, config, job: { kind: 'search' }, tags: [], notes: '' });
      io.stderr(`run ${search.id}: ${name} on ${config.dataset} (${config.search.epochs} epochs)\n`);
      await workbench.handlers['runs.start']({ runId: search.id });
      const ended = await followRun(workbench, search.id, io, { json: options.json, tty, scoreName, verbose: options.verbose });
      const derived = await workbench.handlers['derived.list']({ runId: search.id });
      const best = derived[0];
      if (ended.status !== 'completed' || best === undefined) {
        io.stdout(`run ${search.id} ${ended.status}${ended.error ? `: ${ended.error.message}` : ''}\n`);
        return ended.status === 'stopped' ? EXIT.ok : EXIT.failed;
      }
      io.stdout(`run ${search.id} completed · best architecture (valid ${scoreName} ${best.score.toFixed(4)}):\n  ${best.arc}\n`);
      const health = await workbench.handlers['health.get']({ runId: search.id });
      if (health !== null) io.stdout(`search health:\n${healthLines(health).join('\n')}\n`);
      if (!options.retrain) return EXIT.ok;
      const retrain = await workbench.handlers['runs.create']({
        name: `retrain of run ${search.id}`,
        config,
        job: { kind: 'retrain', arc: best.arc },
        parentRunId: search.id,
        tags: [],
        notes: '',
      });
      io.stderr(`run ${retrain.id}: retraining it from scratch (${config.retrain.epochs} epochs)\n`);
      await workbench.handlers['runs.start']({ runId: retrain.id });
      const done = await followRun(workbench, retrain.id, io, { json: options.json, tty, scoreName, verbose: options.verbose });
      io.stdout(`run ${retrain.id} ${done.status}${done.error ? `: ${done.error.message}` : ''}\n`);
      await printRetrainResults(workbench, retrain.id, io);
      return done.status === 'completed' ? EXIT.ok : EXIT.failed;
    } finally {
      await opened.close();
    }
  },
};
