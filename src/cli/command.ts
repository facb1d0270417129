/**
 * A top-level `enas` command (`runs`, and later `search`, `retrain`, `import`, `serve`): its name, a one-line
 * summary for `enas --help`, and `run`, which gets the arguments after its name and returns an exit code.
 * A usage mistake is thrown as `EnasError('CLI_USAGE', …)`; cli.ts prints it and exits with 2.
 */
import type { CliIo } from './cli-io';

export interface CliCommand {
  name: string;
  summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 done, 1 the operation failed, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
