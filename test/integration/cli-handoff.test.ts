/**
 * A run started in a terminal while a workbench server holds the database: `enas search --db` hands it to
 * `enas serve` over its authenticated WebSocket (the hand-off file, mode 0600) and follows it there, instead
 * of being refused WORKBENCH_LOCKED. And a writer that was SIGKILLed mid-run: `enas runs list` (read-only,
 * no writer opens the database, so nothing is recovered) shows its run `interrupted`, not `running`.
 * The trainer is the bundled fake one (fake-trainer.ts), so each case takes seconds.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { openStore } from '../../src/store/store';
import { captureIo } from '../fixtures/capture-io';
import { fakeTrainerEntry, openHarness } from '../fixtures/fake-trainer-harness';

const ROOT = join(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database holding the `tiny` dataset row, as the fake-trainer harness registers it. */
async function databaseWithDataset(): Promise<string> {
  const harness = await openHarness();
  await harness.close();
  dirs.push(harness.dir);
  return harness.dbFile;
}

/** `bin/enas.mjs ARGS` (the package's `enas` command) with the fake trainer; output collected. */
async function enas(args: string[], behaviour: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ENAS_TRAINER_ENTRY: await fakeTrainerEntry(), FAKE_TRAINER: JSON.stringify(behaviour), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (output += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (output += t));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, seen: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; seen:\n${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureIo();
  const code = await runCli(argv, io);
  return { code, out: out(), err: err() };
}

describe('enas search while a workbench server holds the database', () => {
  it('hands the run to the server, follows it to the end, and the server has it', async () => {
    const db = await databaseWithDataset();
    const ui = mkdtempSync(join(tmpdir(), 'enas-handoff-ui-'));
    dirs.push(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    const serve = await enas(['serve', '--port', '0', '--db', db], { steps: 30, stepMs: 20 }, { ENAS_RENDERER_DIR: ui });
    await until('enas serve prints its URL', () => /token=/.test(serve.output()), 60_000, serve.output);
    const handoff = `${db}.server.json`;
    expect(statSync(handoff).mode & 0o777).toBe(0o600);

    const { io, out, err } = captureIo();
    const code = await runCli(['search', '--dataset', 'tiny', '--epochs', '1', '--no-retrain', '--db', db], io);
    expect(err()).toContain(`is held by the workbench server of pid ${serve.child.pid}: the run goes to it`);
    expect(err()).not.toContain('WORKBENCH_LOCKED');
    expect(out()).toMatch(/^run 1 completed · best architecture/);
    expect(code).toBe(0);

    // The server ran it: its log says so, and the list (read by the server, the writer) has it completed.
    const listed = await cli('runs', 'list', '--db', db, '--json');
    expect(JSON.parse(listed.out)).toMatchObject([{ id: 1, status: 'completed', sampleCount: expect.any(Number) }]);

    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
    expect(existsSync(handoff)).toBe(false);
  }, 120_000);

  it('refuses a hand-off file that others can read (it holds the token)', async () => {
    const db = await databaseWithDataset();
    const ui = mkdtempSync(join(tmpdir(), 'enas-handoff-ui-'));
    dirs.push(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    const serve = await enas(['serve', '--port', '0', '--db', db], {}, { ENAS_RENDERER_DIR: ui });
    await until('enas serve prints its URL', () => /token=/.test(serve.output()), 60_000, serve.output);
    const handoff = `${db}.server.json`;
    chmodSync(handoff, 0o644);
    const refused = await cli('search', '--dataset', 'tiny', '--epochs', '1', '--no-retrain', '--db', db);
    expect(refused.err).toContain('HANDOFF_UNSAFE');
    expect(refused.code).toBe(1);
    expect((await cli('runs', 'list', '--db', db, '--json')).out).toBe('[]\n');
  }, 120_000);
});

describe('enas runs list after the writer was SIGKILLed', () => {
  it('shows the run interrupted without any writer opening the database', async () => {
    const db = await databaseWithDataset();
    const search = await enas(['search', '--dataset', 'tiny', '--no-retrain', '--db', db], { steps: 10_000, stepMs: 20 });
    const running = async (): Promise<boolean> => {
      const store = openStore(db);
      try {
        return store.runs.list()[0]?.status === 'running';
      } finally {
        store.close();
      }
    };
    await until('the CLI search is running', running, 60_000, search.output);
    const listedLive = await cli('runs', 'list', '--db', db, '--json');
    expect(JSON.parse(listedLive.out)).toMatchObject([{ id: 1, status: 'running' }]);

    search.child.kill('SIGKILL');
    await search.exited;
    const listed = await cli('runs', 'list', '--db', db);
    expect(listed.out).toMatch(/^1 +interrupted /m);
    expect(listed.out).not.toMatch(/running/);
    expect(JSON.parse((await cli('runs', 'show', '1', '--db', db, '--json')).out)).toMatchObject({ run: { status: 'interrupted' } });
    // Nothing wrote: the stored row is still `running` and the dead writer's lock is still there.
    expect(await running()).toBe(true);
    expect(existsSync(`${db}.lock`)).toBe(true);
  }, 120_000);
});
