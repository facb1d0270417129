/** `enas runs <list|show|export|delete|resume>`: the run subcommands over the workbench API. */
import { EnasError } from '../../shared/errors';
import type { CliCommand } from '../command';
import { EXIT } from '../command';
import { parseRunsArgs } from './runs-args';
import { runsDelete } from './runs-delete';
import { runsExport } from './runs-export';
import { runsList } from './runs-list';
import { runsResume } from './runs-resume';
import { runsShow } from './runs-show';
import { runsFront } from './runs-front';
import type { RunsSubcommand } from './runs-subcommand';

const SUBCOMMANDS: readonly RunsSubcommand[] = [runsList, runsShow, runsFront, runsExport, runsDelete, runsResume];

function help(): string {
  const width = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
  return [
    'usage: enas runs <subcommand> [options]',
    '',
    ...SUBCOMMANDS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}\n  ${' '.repeat(width)}  ${s.usage}`),
    '',
    'Options of every subcommand: --db FILE (default: the workbench database in your data folder), --json.',
    '',
  ].join('\n');
}

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'list, show, export, delete and resume runs',
  async run(args, io) {
    const [name, ...rest] = args;
    if (name === undefined || name === '--help' || name === '-h') {
      (name === undefined ? io.stderr : io.stdout)(help());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const sub = SUBCOMMANDS.find((s) => s.name === name);
    if (sub === undefined) {
      throw new EnasError('CLI_USAGE', `unknown subcommand "runs ${name}"; expected one of ${SUBCOMMANDS.map((s) => s.name).join(', ')}`);
    }
    const parsed = parseRunsArgs(rest, sub.options);
    if (parsed.help) {
      io.stdout(`${sub.summary}\nusage: ${sub.usage}\n`);
      return EXIT.ok;
    }
    return sub.run(parsed, io);
  },
};
