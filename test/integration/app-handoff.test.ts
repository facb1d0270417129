/**
 * The app's side of the CLI hand-off, without Electron: src/main/cli-handoff.ts, the module the main process
 * calls after it opened the workbench, here on a workbench of this test process (the writer, as the app is).
 * It must publish the same `<db>.server.json` as `enas serve` (mode 0600, pid, URL, token), serve only the
 * authenticated API on loopback, keep `datasets.import` to paths the app's user granted, and never keep the
 * app from starting. End to end: the `enas` command in another process hands its search to it and follows it.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { datasetImportRequestSchema } from '../../src/shared/dataset';
import type { LogLevel } from '../../src/host/ports';
import { readHandoffFile } from '../../src/server/handoff-file';
import { connectRemoteWorkbench } from '../../src/server/remote-workbench';
import type { Harness } from '../fixtures/fake-trainer-harness';
import { openHarness } from '../fixtures/fake-trainer-harness';
import { acceptCliHandoff } from '../../src/main/cli-handoff';

const ROOT = join(import.meta.dirname, '..', '..');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function appWithHandoff(): Promise<{ harness: Harness; stop: () => Promise<void>; logs: { level: LogLevel; message: string }[] }> {
  const harness = await openHarness();
  cleanups.push(() => harness.dispose());
  const logs: { level: LogLevel; message: string }[] = [];
  const stop = await acceptCliHandoff({
    workbench: harness.workbench,
    dbFile: harness.dbFile,
    dataDir: harness.dir,
    log: { log: (level, message) => logs.push({ level, message }) },
  });
  cleanups.push(stop);
  return { harness, stop, logs };
}

/** A plain HTTP GET to the endpoint with a chosen Host header: the status it answers. */
function statusOf(url: string, host: string): Promise<number> {
  const { hostname, port } = new URL(url.replace(/^ws/, 'http'));
  return new Promise((resolve, reject) => {
    request({ hostname, port, path: '/', headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('acceptCliHandoff', () => {
  it('publishes the endpoint in <db>.server.json (0600, this pid, holder app) and serves the workbench API with its token', async () => {
    const { harness, stop } = await appWithHandoff();
    const file = `${harness.dbFile}.server.json`;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const handoff = readHandoffFile(harness.dbFile);
    expect(handoff).toMatchObject({ pid: process.pid, holder: 'app', url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:[0-9]+\/api$/) });
    if (handoff === undefined) throw new Error('no hand-off file');

    const remote = await connectRemoteWorkbench({ url: handoff.url, token: handoff.token });
    cleanups.push(() => remote.close());
    const created = await harness.createRun('made in the app');
    expect(await remote.handlers['runs.list']({})).toMatchObject([{ id: created.id, name: 'made in the app' }]);

    await stop();
    expect(existsSync(file)).toBe(false);
    await expect(connectRemoteWorkbench({ url: handoff.url, token: handoff.token })).rejects.toThrow(/cannot reach/);
  });

  it('refuses a wrong token, answers plain requests 404 and a foreign Host 421', async () => {
    const { harness } = await appWithHandoff();
    const handoff = readHandoffFile(harness.dbFile);
    if (handoff === undefined) throw new Error('no hand-off file');
    await expect(connectRemoteWorkbench({ url: handoff.url, token: 'x'.repeat(43) })).rejects.toThrow(/HTTP 401/);
    const { port } = new URL(handoff.url);
    expect(await statusOf(handoff.url, `127.0.0.1:${port}`)).toBe(404);
    expect(await statusOf(handoff.url, `evil.example:${port}`)).toBe(421);
  });

  it('refuses datasets.import by path: the app imports only what its user dropped or picked', async () => {
    const { harness } = await appWithHandoff();
    const handoff = readHandoffFile(harness.dbFile);
    if (handoff === undefined) throw new Error('no hand-off file');
    const remote = await connectRemoteWorkbench({ url: handoff.url, token: handoff.token });
    cleanups.push(() => remote.close());
    const before = harness.store.datasets.list().length;
    await expect(remote.handlers['datasets.import'](datasetImportRequestSchema.parse({ path: harness.dir }))).rejects.toMatchObject({ code: 'TRANSPORT_FORBIDDEN_PATH' });
    expect(harness.store.datasets.list()).toHaveLength(before);
  });

  it('lets the app start without it when the hand-off file cannot be written, and says why in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enas-handoff-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const harness = await openHarness({ dir });
    cleanups.push(() => harness.close());
    const logs: { level: LogLevel; message: string }[] = [];
    const stop = await acceptCliHandoff({
      workbench: harness.workbench,
      dbFile: join(dir, 'no-such-folder', 'workbench.db'),
      dataDir: dir,
      log: { log: (level, message) => logs.push({ level, message }) },
    });
    await stop();
    expect(logs).toContainEqual({ level: 'warn', message: expect.stringMatching(/^enas commands cannot hand their runs to this app: .*ENOENT/) });
  });
});

describe('enas search while the desktop app holds the database', () => {
  it('hands the run to the app, follows it to the end, and the app ran it with its events live', async () => {
    const { harness } = await appWithHandoff();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), 'search', '--dataset', 'tiny', '--epochs', '1', '--no-retrain', '--db', harness.dbFile], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => void child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));

    expect(stderr).toContain(`is held by the ENAS Workbench app of pid ${process.pid}: the run goes to it (watch it in the app's window)`);
    expect(stderr).not.toContain('WORKBENCH_LOCKED');
    expect(stdout).toMatch(/^run 1 completed · best architecture/);
    expect(code).toBe(0);
    // The app's own workbench ran it: its store has it completed, and its window's subscription saw it live.
    expect(harness.store.runs.get(1)?.status).toBe('completed');
    const seen = harness.events.filter((e) => e.type === 'run-updated' && e.run.id === 1).map((e) => (e.type === 'run-updated' ? e.run.status : ''));
    expect(seen).toContain('running');
    expect(seen.at(-1)).toBe('completed');
  }, 120_000);
});
