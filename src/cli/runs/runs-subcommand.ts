/** One `enas runs <name>` subcommand: its usage line, its own options, and what it does. */
import type { CliIo } from '../cli-io';
import type { OptionSpec, ParsedRunsArgs } from './runs-args';

export interface RunsSubcommand {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  run(parsed: ParsedRunsArgs, io: CliIo): Promise<number>;
}
