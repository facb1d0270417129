/**
 * What the end-to-end tests share: Debian's Chromium with the flags this network needs, the built UI
 * (rebuilt when missing or stale), the Electron binary when it is installed, and `enas serve` as a child process on
 * a fresh data folder, with the URL it prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { WS_PROTOCOL } from '../../src/shared/api/transport';
import { bridgeOver, socketTransport } from '../../src/renderer/api/bridge';
import type { WorkbenchBridge } from '../../src/renderer/api/bridge';
import { createSocketClient } from '../../src/renderer/api/socket-client';
import type { SocketLike } from '../../src/renderer/api/socket-client';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e');
/** Whether Debian's Chromium is installed; the browser tests skip (and say why) where it is not. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`browser e2e tests skipped: ${CHROMIUM} is absent (apt-get install chromium)`);

/** The Electron executable as the electron package finds it (without running its download), or undefined. */
export function electronBinary(): string | undefined {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

export const ELECTRON_ABSENT =
  'Electron binary absent (node_modules/electron/dist is missing: its download needs internet): the Electron e2e tests are skipped';

function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).filter((e) => !e.endsWith('.test.ts')).map((e) => newestMtime(join(path, e))));
}

/** Builds out/ with electron-vite when it is missing or older than the sources (as scripts/start.mjs does). */
export function ensureBuilt(): void {
  // A UI built elsewhere (ENAS_RENDERER_DIR, which `enas serve` reads too) needs no build here.
  if (process.env.ENAS_RENDERER_DIR !== undefined) return;
  const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => join(ROOT, p));
  if (built.every((file) => existsSync(file))) {
    const builtAt = Math.min(...built.map((file) => statSync(file).mtimeMs));
    if (newestMtime(join(ROOT, 'src')) <= builtAt && newestMtime(join(ROOT, 'electron.vite.config.ts')) <= builtAt) return;
  }
  const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface Served {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  /** Ctrl-C, then waits for the exit; returns the exit code. */
  stop(): Promise<number | null>;
}

/** Waits until `text()` matches `pattern`, or fails with what was seen. */
export async function waitForText(text: () => string, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(text());
    if (match !== null) return match;
    if (Date.now() > deadline) throw new Error(`${what}: no ${pattern} within ${timeoutMs} ms; output so far:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `command args` with a fresh XDG data folder and resolves once it printed the workbench URL. */
export async function serveUntilUrl(command: string, args: readonly string[], timeoutMs = 60_000): Promise<Served> {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const dataHome = mkdtempSync(join(tmpdir(), 'enas-e2e-'));
  const child = spawn(command, [...args], {
    cwd: ROOT,
    env: { ...process.env, XDG_DATA_HOME: dataHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (t: string) => (output += t));
  child.stderr?.setEncoding('utf8').on('data', (t: string) => (output += t));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  try {
    const [url = ''] = await waitForText(
      () => {
        if (exitCode !== undefined) throw new Error(`${command} ${args.join(' ')} exited with ${exitCode} before printing a URL:\n${output}`);
        return output;
      },
      /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/,
      timeoutMs,
      `${command} ${args.join(' ')}`,
    );
    return {
      url,
      dataDir: join(dataHome, 'enas-workbench'),
      process: child,
      output: () => output,
      async stop() {
        child.kill('SIGINT');
        const code = await exited;
        rmSync(dataHome, { recursive: true, force: true });
        return code;
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dataHome, { recursive: true, force: true });
    throw err;
  }
}

/** `enas serve` from the sources on a fresh data folder and a free port. */
export function serveFromSources(): Promise<Served> {
  return serveUntilUrl(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'serve', '--port', '0']);
}

/** Debian's Chromium for the tests of one describe block: the UI built, launched before them, closed after. */
export function useBuiltUiInChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('Chromium is not running: call the getter inside a test');
    return browser;
  };
}

/** A bridge from the test process to a served workbench, to change things while the page watches. */
export function bridgeTo(url: string): { bridge: WorkbenchBridge; close(): void } {
  const page = new URL(url);
  const client = createSocketClient({
    url: `ws://${page.host}/api?token=${page.searchParams.get('token') ?? ''}`,
    protocol: WS_PROTOCOL,
    createSocket: (socketUrl, protocol) => new WebSocket(socketUrl, protocol) as unknown as SocketLike,
  });
  return { bridge: bridgeOver(socketTransport(client)), close: () => client.close() };
}
