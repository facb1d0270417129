/**
 * The registry of `enas` commands. A new command is one module exporting a CliCommand, added to this
 * list; cli.ts dispatches on the first argument and builds `enas --help` from it.
 */
import { benchmarkCommand } from './benchmark/benchmark-command';
import type { CliCommand } from './command';
import { importCommand } from './import/import-command';
import { runsCommand } from './runs/runs-command';
import { retrainCommand } from './search/retrain-command';
import { searchCommand } from './search/search-command';
import { serveCommand } from './serve/serve-command';
import { studyCommand } from './study/study-command';

export const COMMANDS: readonly CliCommand[] = [
  searchCommand,
  retrainCommand,
  importCommand,
  benchmarkCommand,
  runsCommand,
  studyCommand,
  serveCommand,
];
