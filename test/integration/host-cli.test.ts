/**
 * The `enas runs` commands against a temp database that the fake trainer filled: output (table and
 * --json), exports, delete, exit codes on bad input, the writer lock, and `runs resume` through the real
 * entry point (`node --import tsx src/cli/index.ts`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { fakeTrainerEntry, openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';
import { captureIo } from '../fixtures/capture-io';

const ROOT = join(import.meta.dirname, '..', '..');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureIo();
  const code = await runCli(argv, io);
  return { code, out: out(), err: err() };
}

let h: Harness;
let db: string;
/** Two completed runs: `first` (created first) and `second`. */
let first: number;
let second: number;

beforeAll(async () => {
  h = await openHarness({ behaviour: { steps: 20, checkpointEvery: 10 } });
  db = h.dbFile;
  for (const name of ['first, "quoted"', 'second']) {
    const run = await h.createRun(name);
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
  }
  [second, first] = h.store.runs.list().map((r) => r.id) as [number, number];
  await h.close();
});
afterAll(async () => {
  await h.dispose();
});

describe('enas runs', () => {
  it('lists runs as a table and as JSON', async () => {
    const table = await cli('runs', 'list', '--db', db);
    expect(table.code).toBe(0);
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+NAME\s+SPACE\s+STRATEGY\s+SAMPLES\s+BEST REWARD\s+TEST\s+DURATION\s+CREATED$/);
    expect(lines).toHaveLength(3);
    const json = await cli('runs', 'list', '--db', db, '--json');
    const runs = JSON.parse(json.out) as { id: number; name: string; status: string; sampleCount: number }[];
    expect(runs.map((r) => [r.id, r.name, r.status, r.sampleCount])).toEqual([
      [second, 'second', 'completed', 20],
      [first, 'first, "quoted"', 'completed', 20],
    ]);
  });

  it('shows a run with its checkpoints, derived architectures and log', async () => {
    const shown = await cli('runs', 'show', String(second), '--db', db);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`run ${second} "second"  [completed]`);
    expect(shown.out).toMatch(/checkpoints \(2\): step 9 \(\d+ B\), step 19 \(\d+ B\)/);
    expect(shown.out).toContain('  1. 0 1 0 2  score 0.6');
    const json = JSON.parse((await cli('runs', 'show', String(first), '--db', db, '--json')).out);
    expect(json.run.name).toBe('first, "quoted"');
    expect(json.sampleCount).toBe(20);
    expect(json.events.map((e: { message: string }) => e.message).slice(-2)).toEqual(['finished: search/best-reward 0.6', 'completed']);
  });

  it('exports metrics as CSV and architectures as arc strings', async () => {
    const file = join(h.dir, 'cli-metrics.csv');
    const result = await cli('runs', 'export', String(second), '--format', 'metrics-csv', '--out', file, '--series', 'child/loss', '--db', db);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^wrote .*cli-metrics\.csv \(\d+ B, 20 rows\)\n$/);
    expect(readFileSync(file, 'utf8').split('\r\n').slice(0, 3)).toEqual(['series,step,value', 'child/loss,0,1', 'child/loss,1,0.5']);
    const arcs = join(h.dir, 'cli-arcs.txt');
    expect((await cli('runs', 'export', String(second), '--format', 'arcs', '-o', arcs, '--db', db)).code).toBe(0);
    expect(readFileSync(arcs, 'utf8')).toBe('0 1 0 2\n1 1 2 2\n');
  });

  it('exits 2 with a clear message on bad input, 1 when the operation fails', async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /usage: enas <command>/],
      [['frobnicate'], 2, /unknown command "frobnicate"; commands: search, retrain, import, benchmark, runs, study, serve/],
      [['runs', 'explode'], 2, /unknown subcommand "runs explode"/],
      [['runs', 'show', 'abc', '--db', db], 2, /run id must be a positive integer, got "abc"/],
      [['runs', 'show', '--db', db], 2, /expected one run id, got none/],
      [['runs', 'list', '--db', db, '--frobnicate'], 2, /CLI_USAGE: Unknown option '--frobnicate'/],
      [['runs', 'export', '1', '--format', 'pdf', '--out', 'x', '--db', db], 2, /--format must be one of run-json/],
      [['runs', 'export', '1', '--format', 'arcs', '--db', db], 2, /--out FILE is required/],
      [['runs', 'show', '999', '--db', db], 1, /RUN_NOT_FOUND: no run with id 999/],
      [['runs', 'list', '--db', join(h.dir, 'missing.db')], 1, /STORE_CANNOT_OPEN: no workbench database at .*missing\.db/],
      [['runs', 'list'], 1, /no workbench database at \/nonexistent-home\/\.local\/share\/enas-workbench\/workbench\.db/],
    ];
    for (const [argv, code, message] of cases) {
      const result = await cli(...argv);
      expect([argv.join(' '), result.code]).toEqual([argv.join(' '), code]);
      expect(result.err).toMatch(message);
    }
  });

  it('prints errors as JSON with --json', async () => {
    const result = await cli('runs', 'show', '999', '--db', db, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.err)).toEqual({ error: { code: 'RUN_NOT_FOUND', message: 'RUN_NOT_FOUND: no run with id 999' } });
  });

  it('refuses to write while another workbench holds the database, but still lists', async () => {
    const other = await openHarness({ dir: h.dir });
    try {
      const deleted = await cli('runs', 'delete', String(second), '--yes', '--db', db);
      expect(deleted.code).toBe(1);
      expect(deleted.err).toContain(`WORKBENCH_LOCKED: ${db} is in use by another ENAS Workbench process (pid ${process.pid})`);
      expect((await cli('runs', 'list', '--db', db)).code).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('deletes a run only with --yes', async () => {
    const asked = await cli('runs', 'delete', String(first), '--db', db);
    expect(asked.code).toBe(2);
    expect(asked.err).toContain(`this deletes run ${first} "first, "quoted"" (completed) with its 2 checkpoint file(s); add --yes`);
    const done = await cli('runs', 'delete', String(first), '--db', db, '--yes');
    expect(done.code).toBe(0);
    const left = JSON.parse((await cli('runs', 'list', '--db', db, '--json')).out) as { id: number }[];
    expect(left.map((r) => r.id)).toEqual([second]);
  });

  it('resumes an interrupted run through the real entry point and exits 0 when it completes', async () => {
    const k = await openHarness({ behaviour: { steps: 20, checkpointEvery: 5, crashAtStep: 12 } });
    const run = await k.createRun('resume me');
    await k.workbench.handlers['runs.start']({ runId: run.id });
    await k.workbench.idle(run.id);
    expect(k.store.runs.get(run.id)?.status).toBe('interrupted');
    await k.close();
    try {
      const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'runs', 'resume', String(run.id), '--db', k.dbFile], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, ENAS_TRAINER_ENTRY: await fakeTrainerEntry(), FAKE_TRAINER: JSON.stringify({ steps: 20, checkpointEvery: 5 }) },
      });
      expect(child.stderr).toContain('checkpoint at step 19');
      expect(child.stdout).toBe(`run ${run.id} completed\n`);
      expect(child.status).toBe(0);
    } finally {
      await k.dispose();
    }
  });
});

describe('enas retrain --set', () => {
  it('retrains with edited retrain settings, and refuses any other path before creating a run', async () => {
    const k = await openHarness({ behaviour: { steps: 6, checkpointEvery: 3 } });
    const search = await k.createRun('search to retrain');
    await k.workbench.handlers['runs.start']({ runId: search.id });
    await k.workbench.idle(search.id);
    await k.close();
    const runCount = (): number => openHarnessRunCount(k.dbFile);
    try {
      const before = runCount();
      const env = { ...process.env, ENAS_TRAINER_ENTRY: await fakeTrainerEntry(), FAKE_TRAINER: JSON.stringify({ steps: 4, checkpointEvery: 2 }) };
      const refused = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'retrain', String(search.id), '--set', 'search.epochs=3', '--db', k.dbFile], {
        cwd: ROOT, encoding: 'utf8', timeout: 30_000, env,
      });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('a retrain only reads the "retrain" settings');
      expect(runCount()).toBe(before);

      // A valid 5-node micro arc (the fake trainer's own derived arcs are placeholders).
      const arc = '1 3 0 3 1 3 0 3 1 3 0 4 0 4 2 4 3 3 4 3 1 3 0 4 1 3 2 4 0 4 0 3 1 4 0 3 4 3 2 3';
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/index.ts', 'retrain', String(search.id), '--arc', arc, '--set', 'retrain.child.outFilters=24', '--set', 'retrain.epochs=2', '--db', k.dbFile],
        { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env },
      );
      expect(child.stderr).toContain('(2 epochs)');
      expect(child.status).toBe(0);
      const runs = JSON.parse((await cli('runs', 'list', '--db', k.dbFile, '--json')).out) as { id: number }[];
      const retrainId = Math.max(...runs.map((r) => r.id));
      const shown = JSON.parse((await cli('runs', 'show', String(retrainId), '--db', k.dbFile, '--json')).out) as {
        run: { config: { retrain: { epochs: number; child: { outFilters: number } } } };
      };
      expect(shown.run.config.retrain.epochs).toBe(2);
      expect(shown.run.config.retrain.child.outFilters).toBe(24);
    } finally {
      await k.dispose();
    }
  });
});

function openHarnessRunCount(dbFile: string): number {
  const list = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'runs', 'list', '--db', dbFile, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return (JSON.parse(list.stdout) as unknown[]).length;
}
