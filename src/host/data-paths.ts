/**
 * Where the workbench keeps its data when no `--db` is given: the platform's per-user data folder, as
 * the XDG Base Directory spec (Linux), Apple's File System Programming Guide (macOS) and Windows'
 * Known Folders (%APPDATA%) place it. The database, checkpoints and datasets all live below it. The app,
 * the CLI and the server share it, so `enas runs list` sees the runs of the app.
 */
import { dirname, join, posix, win32 } from 'node:path';

/** What the default folder depends on: the environment, the platform and the home folder. */
export interface PlatformFacts {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

const APP_FOLDER = 'enas-workbench';
const DB_FILE = 'workbench.db';

export function defaultDataDir(io: PlatformFacts): string {
  const { env, platform, home } = io;
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_FOLDER);
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return posix.join(xdg !== undefined && xdg.startsWith('/') ? xdg : posix.join(home, '.local', 'share'), APP_FOLDER);
}

export interface WorkbenchPaths {
  dbFile: string;
  /** Datasets and checkpoints live beside the database. */
  dataDir: string;
  checkpointDir: string;
}

export function workbenchPaths(dbOption: string | undefined, io: PlatformFacts): WorkbenchPaths {
  const dbFile = dbOption ?? join(defaultDataDir(io), DB_FILE);
  const dataDir = dirname(dbFile);
  return { dbFile, dataDir, checkpointDir: join(dataDir, 'checkpoints') };
}
