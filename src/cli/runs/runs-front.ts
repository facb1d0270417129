/**
 * `enas runs front ID [--cost params|flops|latency] [--csv]`: the run's Pareto front of (validation accuracy, cost)
 * over all its sampled architectures, as JSON (the front's points, the reference point and the final
 * hypervolume) or, with --csv, as CSV, the same files the run view's export buttons save.
 */
import { COST_MEASURES } from '../../shared/config/objective';
import type { CostMeasure } from '../../shared/config/objective';
import { EnasError } from '../../shared/errors';
import { frontCsv, frontExport } from '../../shared/front';
import { EXIT } from '../command';
import { openCliWorkbench } from '../cli-workbench';
import { runIdArgument, stringOption } from './runs-args';
import type { RunsSubcommand } from './runs-subcommand';

const usage = 'enas runs front ID [--cost params|flops|latency] [--csv] [--db FILE]';

export const runsFront: RunsSubcommand = {
  name: 'front',
  summary: 'print the Pareto front of accuracy vs cost of a run as JSON, or CSV with --csv',
  usage,
  options: { cost: { type: 'string' }, csv: { type: 'boolean', default: false } },
  async run(parsed, io) {
    const runId = runIdArgument(parsed.positionals, usage);
    const cost = stringOption(parsed, 'cost') ?? 'params';
    if (!(COST_MEASURES as readonly string[]).includes(cost)) {
      throw new EnasError('CLI_USAGE', `--cost must be one of ${COST_MEASURES.join(', ')}, got ${cost}\nusage: ${usage}`);
    }
    const opened = await openCliWorkbench(io, parsed.db, 'read');
    try {
      const front = await opened.workbench.handlers['samples.front']({ runId, cost: cost as CostMeasure });
      io.stdout(parsed.values.csv === true ? frontCsv(front) : `${JSON.stringify(frontExport(front), null, 2)}\n`);
      return EXIT.ok;
    } finally {
      await opened.close();
    }
  },
};
