/**
 * node:util's parseArgs for one `enas` command: an unknown or malformed option becomes a CLI_USAGE error that
 * ends with the command's usage line, so every command answers a typo the same way.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { EnasError } from '../shared/errors';

export function parseCommandArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new EnasError('CLI_USAGE', `${err instanceof Error ? err.message : String(err)}\nusage: ${usage}`);
  }
}
