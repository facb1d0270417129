/**
 * Argument parsing shared by the `runs` subcommands (node:util parseArgs, strict): the common options
 * `--db FILE`, `--json`, `--help`, plus each subcommand's own, and the run id positional.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { EnasError } from '../../shared/errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

const COMMON: OptionSpec = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export interface ParsedRunsArgs {
  db: string | undefined;
  json: boolean;
  help: boolean;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseRunsArgs(args: readonly string[], options: OptionSpec): ParsedRunsArgs {
  const { values, positionals } = parseArgs({ args: [...args], options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  const flat: Record<string, string | boolean | undefined> = {};
  for (const [key, value] of Object.entries(values)) flat[key] = Array.isArray(value) ? value.join(',') : value;
  return {
    db: typeof values.db === 'string' ? values.db : undefined,
    json: values.json === true,
    help: values.help === true,
    values: flat,
    positionals,
  };
}

/** The single run id a subcommand takes, as a positive integer. */
export function runIdArgument(positionals: readonly string[], usage: string): number {
  if (positionals.length !== 1) {
    throw new EnasError('CLI_USAGE', `expected one run id, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}\nusage: ${usage}`);
  }
  const [text = ''] = positionals;
  if (!/^[1-9][0-9]*$/.test(text)) throw new EnasError('CLI_USAGE', `run id must be a positive integer, got "${text}"\nusage: ${usage}`);
  return Number(text);
}

/** The string value of option `name`, or undefined. */
export function stringOption(parsed: ParsedRunsArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}
