/**
 * How a CLI command gets a workbench: the database from `--db` or the default data folder, the trainer
 * entry (src/trainer/main.ts run through tsx, or ENAS_TRAINER_ENTRY when set, which tests and packaged
 * builds use), and a logger that writes warnings and errors to stderr. A command that starts runs
 * (`openRunWorkbench`) hands them to the workbench that holds the database when it accepts them (`enas
 * serve`, or the desktop app), so a run started in a terminal is watched in that browser UI or window.
 */
import { fileURLToPath } from 'node:url';
import { workbenchPaths } from '../host/data-paths';
import { openWorkbenchAt } from '../host/open-workbench';
import type { OpenedWorkbench } from '../host/open-workbench';
import type { TrainerEntry, Workbench } from '../host/workbench';
import { EnasError } from '../shared/errors';
import { readHandoffFile } from '../server/handoff-file';
import { connectRemoteWorkbench } from '../server/remote-workbench';
import type { CliIo } from './cli-io';

function trainerEntry(io: CliIo): TrainerEntry {
  const entry = io.env.ENAS_TRAINER_ENTRY ?? fileURLToPath(new URL('../trainer/main.ts', import.meta.url));
  // tsx by its resolved URL: a bare `--import tsx` resolves from the working directory, which for `enas` run
  // from elsewhere (a Slurm task runs in its study folder) has no node_modules.
  // (A module runner without import.meta.resolve, as in some test runners, keeps the bare name.)
  const tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx') : 'tsx';
  return { entry, execArgv: entry.endsWith('.ts') ? ['--import', tsx] : [] };
}

export function openCliWorkbench(io: CliIo, db: string | undefined, access: 'read' | 'write', journal?: 'wal' | 'delete'): Promise<OpenedWorkbench> {
  const paths = workbenchPaths(db, io);
  return openWorkbenchAt({
    ...paths,
    access,
    ...(journal === undefined ? {} : { journal }),
    trainer: trainerEntry(io),
    log: {
      log(level, message) {
        if (level === 'warn' || level === 'error') io.stderr(`${level}: ${message}\n`);
      },
    },
  });
}

/** What a command that starts and follows runs needs of a workbench, here or in a server. */
export type RunWorkbench = Pick<Workbench, 'handlers' | 'subscribe' | 'idle'>;

export interface OpenedRunWorkbench {
  workbench: RunWorkbench;
  /** Where the runs execute: this process, or the server or app (pid) that holds the database. */
  where: { kind: 'local' } | { kind: 'server' | 'app'; pid: number };
  close(): Promise<void>;
}

/**
 * The database's writer, for a command that creates and starts runs: this process when the database is
 * free; when another workbench holds it (WORKBENCH_LOCKED) and serves the API (`enas serve` or the desktop
 * app wrote its hand-off file, readable only by this user), that workbench, over its authenticated WebSocket.
 */
export async function openRunWorkbench(io: CliIo, db: string | undefined): Promise<OpenedRunWorkbench> {
  try {
    const opened = await openCliWorkbench(io, db, 'write');
    return { workbench: opened.workbench, where: { kind: 'local' }, close: opened.close };
  } catch (err) {
    if (!(err instanceof EnasError) || err.code !== 'WORKBENCH_LOCKED') throw err;
    const { dbFile } = workbenchPaths(db, io);
    const handoff = readHandoffFile(dbFile);
    if (handoff === undefined) {
      throw new EnasError(
        'WORKBENCH_LOCKED',
        `${err.message.replace(/^WORKBENCH_LOCKED: /, '')}. It serves no API to hand the run to: ` +
          'close it, or run `enas serve --db` on this database (or open it in the app) and start the search again',
        err.detail,
      );
    }
    const remote = await connectRemoteWorkbench({ url: handoff.url, token: handoff.token });
    const holder = handoff.holder === 'app' ? 'the ENAS Workbench app' : 'the workbench server';
    const watch = handoff.holder === 'app' ? "the app's window" : 'the browser there';
    io.stderr(`${dbFile} is held by ${holder} of pid ${handoff.pid}: the run goes to it (watch it in ${watch})\n`);
    const kind = handoff.holder === 'app' ? 'app' : 'server';
    return { workbench: remote, where: { kind, pid: handoff.pid }, close: () => remote.close() };
  }
}
