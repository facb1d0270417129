/**
 * `enas` argument handling: picks the command from the registry and maps what it throws to a message and
 * an exit code (2 for a usage mistake, 1 for a failed operation). With `--json`, errors are printed as
 * JSON `{ "error": { code, message } }` on stderr, so a script can read them.
 */
import { EnasError, toWireError } from '../shared/errors';
import type { CliIo } from './cli-io';
import { EXIT } from './command';
import { COMMANDS } from './commands';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: enas <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `enas <command> --help` for a command’s options.',
    '',
  ].join('\n');
}

/** Node's parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options. */
function isParseArgsError(err: unknown): err is Error {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const json = argv.includes('--json');
  try {
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) throw new EnasError('CLI_USAGE', `unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return await command.run(rest, io);
  } catch (err) {
    const usage = isParseArgsError(err) || (err instanceof EnasError && err.code === 'CLI_USAGE');
    const wire = isParseArgsError(err) ? { code: 'CLI_USAGE' as const, message: `CLI_USAGE: ${err.message}` } : toWireError(err);
    io.stderr(json ? `${JSON.stringify({ error: { code: wire.code, message: wire.message } })}\n` : `enas: ${wire.message}\n`);
    if (!json && !(err instanceof EnasError) && !isParseArgsError(err) && err instanceof Error && err.stack !== undefined) {
      io.stderr(`${err.stack}\n`);
    }
    return usage ? EXIT.usage : EXIT.failed;
  }
}
