/**
 * The `enas` command entry: `npx tsx src/cli/index.ts runs list`. Everything else is in cli.ts, which
 * tests call in-process.
 */
import { runCli } from './cli';
import { nodeCliIo } from './cli-io';

process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
