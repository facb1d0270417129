/**
 * What a command reads and writes besides its arguments: output streams, the environment and the
 * platform facts the default data folder depends on. Injected, so commands run in-process in tests.
 */
import { homedir } from 'node:os';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  /** Registers a handler for Ctrl-C (SIGINT) and a service manager's stop (SIGTERM); returns its remover. */
  onInterrupt(handler: () => void): () => void;
}

export function nodeCliIo(): CliIo {
  // A reader that closed the pipe (`enas … | head -1`) fails our writes with EPIPE. Node would throw that from
  // the stream's 'error' event and kill the command mid-run (a search without its checkpoint); instead the
  // rest of stdout is dropped and the command finishes, as it would unread.
  let stdoutClosed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stdoutClosed = true;
  });
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    platform: process.platform,
    home: homedir(),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}
