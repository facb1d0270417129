#!/usr/bin/env node
/**
 * The `enas` command of package.json's `bin` (`npx enas --help` from a clean clone after `npm install`): it
 * registers tsx's loader in this process and runs the TypeScript CLI (src/cli/index.ts) as it is, so there
 * is no build step and no second copy of the CLI to keep in step. One process: Ctrl-C reaches the CLI's own
 * handler (a running search checkpoints before it stops).
 */
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
