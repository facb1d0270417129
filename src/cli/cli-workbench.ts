/**
 * How a CLI command gets a workbench: the database from `--db` or the default data folder, the trainer
 * entry (src/trainer/main.ts run through tsx, or ENAS_TRAINER_ENTRY when set, which tests and packaged
 * builds use), and a logger that writes warnings and errors to stderr.
 */
import { fileURLToPath } from 'node:url';
import { workbenchPaths } from '../host/data-paths';
import { openWorkbenchAt } from '../host/open-workbench';
import type { OpenedWorkbench } from '../host/open-workbench';
import type { TrainerEntry } from '../host/workbench';
import type { CliIo } from './cli-io';

function trainerEntry(io: CliIo): TrainerEntry {
  const entry = io.env.ENAS_TRAINER_ENTRY ?? fileURLToPath(new URL('../trainer/main.ts', import.meta.url));
  return { entry, execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [] };
}

export function openCliWorkbench(io: CliIo, db: string | undefined, access: 'read' | 'write'): Promise<OpenedWorkbench> {
  const paths = workbenchPaths(db, io);
  return openWorkbenchAt({
    ...paths,
    access,
    trainer: trainerEntry(io),
    log: {
      log(level, message) {
        if (level === 'warn' || level === 'error') io.stderr(`${level}: ${message}\n`);
      },
    },
  });
}
