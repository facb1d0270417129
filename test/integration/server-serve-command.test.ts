/**
 * `enas serve` in-process: it prints the URL with a fresh token and serves until interrupted, then closes
 * the workbench (the writer lock goes with it); a bad --port is a usage error (exit 2); a UI that was never
 * built is named with the command that builds it (exit 1); the default port, when taken, gives way to a
 * free one, but a port the user asked for is never silently changed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';

const RESOURCES = join(import.meta.dirname, '..', '..', 'resources', 'datasets');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enas-serve-'));
  mkdirSync(join(dir, 'ui'));
  writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html><title>ui</title>');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function serve(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  let interrupt: () => void = () => undefined;
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { ENAS_RENDERER_DIR: join(dir, 'ui'), ENAS_RESOURCES_DIR: RESOURCES, ...env },
    platform: 'linux',
    home: join(dir, 'home'),
    onInterrupt(handler) {
      interrupt = handler;
      return () => (interrupt = () => undefined);
    },
  };
  const done = runCli(['serve', ...argv], io);
  return { done, out: () => out, err: () => err, interrupt: () => interrupt() };
}

async function urlOf(output: () => string): Promise<URL> {
  for (let i = 0; i < 200; i++) {
    const match = /http:\/\/\S+/.exec(output());
    if (match !== null) return new URL(match[0]);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no URL printed: ${output()}`);
}

function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}

describe('enas serve', () => {
  it('prints the URL with its token, serves the UI, and closes the workbench on Ctrl-C', async () => {
    const db = join(dir, 'data', 'workbench.db');
    const run = serve(['--port', '0', '--db', db]);
    const url = await urlOf(run.out);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(run.out()).toContain('Open that URL in a browser');
    expect(run.err()).toContain('imported the embedded datasets: fashion-mnist-small, austen-ptb');
    expect(await (await fetch(url)).text()).toContain('<title>ui</title>');
    expect(existsSync(`${db}.lock`)).toBe(true);
    run.interrupt();
    expect(await run.done).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('exits 2 on a bad --port and 1, naming the build command, when the UI is not built', async () => {
    const bad = serve(['--port', 'eighty']);
    expect(await bad.done).toBe(2);
    expect(bad.err()).toMatch(/--port must be an integer from 0 to 65535, got "eighty"/);
    const unbuilt = serve(['--port', '0', '--db', join(dir, 'x.db')], { ENAS_RENDERER_DIR: join(dir, 'nowhere') });
    expect(await unbuilt.done).toBe(1);
    expect(unbuilt.err()).toMatch(/SERVER_UI_MISSING: the UI is not built .*npm run build/);
  });

  it('gives way to a free port when the default one (8765) is taken', async () => {
    // Taken by this test, or already by something else on this machine: either way it is taken.
    const blocker = createServer();
    await new Promise<void>((resolve) => {
      blocker.once('error', () => resolve());
      blocker.listen(8765, '127.0.0.1', () => resolve());
    });
    try {
      const run = serve(['--db', join(dir, 'z.db')]);
      const url = await urlOf(run.out);
      expect(url.port).not.toBe('8765');
      expect(run.err()).toContain('port 8765 is in use; serving on a free port instead');
      run.interrupt();
      expect(await run.done).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('refuses a taken port the user asked for, naming it', async () => {
    const taken = await occupy();
    try {
      const run = serve(['--port', String(taken.port), '--db', join(dir, 'y.db')]);
      expect(await run.done).toBe(1);
      expect(run.err()).toContain(`SERVER_LISTEN_FAILED: cannot listen on 127.0.0.1:${taken.port} (the port is in use)`);
      expect(existsSync(join(dir, 'y.db.lock'))).toBe(false);
    } finally {
      taken.server.close();
    }
  });
});
