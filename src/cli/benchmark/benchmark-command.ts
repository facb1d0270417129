/**
 * `enas benchmark`: the tabular benchmarks a tabular search can look architectures up in.
 *   enas benchmark list [--db FILE] [--json]             the shipped and imported tables
 *   enas benchmark import FILE.csv --name NAME [--db FILE] a NAS-Bench-201 table in the CSV format of
 *                                                          docs/nas-bench-201.md, stored beside the database
 * A malformed CSV is refused (exit 1) with BENCHMARK_BAD_CSV naming its line and field.
 */
import { importBenchmarkCsv, listBenchmarks } from '../../host/benchmarks/benchmark-files';
import { tableOptimum } from '../../core/benchmark/nb201-table';
import { EnasError } from '../../shared/errors';
import type { CliCommand } from '../command';
import { EXIT } from '../command';
import { parseCommandArgs } from '../parse-command-args';
import { benchmarkDirs } from '../search/tabular-search-command';

const USAGE = 'enas benchmark list [--db FILE] [--json]\n       enas benchmark import FILE.csv --name NAME [--db FILE] [--json]';

export const benchmarkCommand: CliCommand = {
  name: 'benchmark',
  summary: 'list the tabular benchmarks (NAS-Bench-201 tables) or import one from CSV',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout(`${this.summary}\nusage: ${USAGE}\n`);
      return sub === undefined ? EXIT.usage : EXIT.ok;
    }
    const { values, positionals } = parseCommandArgs(
      {
        args: rest,
        strict: true,
        allowPositionals: true,
        options: {
          name: { type: 'string' },
          db: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      },
      USAGE,
    );
    const dirs = benchmarkDirs(io, values.db);
    if (sub === 'list') {
      if (positionals.length > 0) throw new EnasError('CLI_USAGE', `benchmark list takes no arguments\nusage: ${USAGE}`);
      const names = await listBenchmarks(dirs);
      io.stdout(values.json === true ? `${JSON.stringify(names)}\n` : `${names.join('\n')}\n`);
      return EXIT.ok;
    }
    if (sub === 'import') {
      const [file, ...extra] = positionals;
      if (file === undefined || extra.length > 0 || values.name === undefined) {
        throw new EnasError('CLI_USAGE', `benchmark import needs one CSV file and --name\nusage: ${USAGE}`);
      }
      const { path, table } = await importBenchmarkCsv(file, values.name, dirs);
      const best = tableOptimum(table);
      const digits = best.cell.toString(5).padStart(6, '0');
      if (values.json === true) {
        io.stdout(`${JSON.stringify({ name: values.name, path, seedSlots: table.seedSlots, optimum: best.mean, optimumArch: digits })}\n`);
      } else {
        io.stdout(`imported ${values.name} (${table.seedSlots} seed columns) to ${path}; optimum ${best.mean.toFixed(3)} % (${digits})\n`);
      }
      return EXIT.ok;
    }
    throw new EnasError('CLI_USAGE', `unknown benchmark subcommand "${sub}"\nusage: ${USAGE}`);
  },
};
