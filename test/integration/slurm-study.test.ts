/**
 * `enas study --on slurm` against a real single-node Slurm (test/fixtures/slurm-cluster.ts: Debian's slurm-wlm
 * and munge, started and stopped here; skipped with the reason where they are absent). A tiny study, 2
 * strategies × 2 seeds (4 array tasks, each a search of 1 epoch and a 1-epoch retrain of the synthetic 8×8
 * dataset, shrunk further with --set), runs through the real CLI on both sides: the workbench submits and
 * polls, each task runs `enas study task` on its own database. Task 1 is scancel-ed mid-run; it shows as
 * cancelled, `enas study resume` resubmits only it, and its stopped run resumes in its database.
 * Then every run is in the local store once with its samples and metrics, and `enas study collect` (every
 * finished task merged again) adds no row.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlurmTask } from '../../src/shared/slurm';
import type { StudyResult } from '../../src/shared/study';
import { bundledTrainerEntry, removeBundles } from '../fixtures/bundled-entry';
import { slurmUnavailable, startSlurmCluster } from '../fixtures/slurm-cluster';
import type { SlurmCluster } from '../fixtures/slurm-cluster';
import { prepareStudyCli } from '../fixtures/study-cli-setup';
import { runCli } from '../../src/cli/cli';
import { captureIo } from '../fixtures/capture-io';
import type { StudyCliSetup } from '../fixtures/study-cli-setup';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = ['--import', 'tsx', 'src/cli/index.ts'];
const unavailable = slurmUnavailable();
if (unavailable !== null) console.warn(`slurm-study test skipped: ${unavailable}`);

let cluster: SlurmCluster;
let setup: StudyCliSetup;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (unavailable !== null) return;
  cluster = await startSlurmCluster();
  setup = prepareStudyCli({ backend: 'wasm' });
  // sbatch passes this environment on to the tasks (--export=ALL): the bundled trainer starts in ≈ 0.4 s.
  env = { ...cluster.env, ENAS_TRAINER_ENTRY: await bundledTrainerEntry() };
}, 120_000);
afterAll(async () => {
  if (unavailable !== null) return;
  await cluster.stop();
  rmSync(setup.dir, { recursive: true, force: true });
  removeBundles();
});

function enas(args: string[], timeout = 120_000) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function show(): StudyResult & { slurm: { tasks: SlurmTask[] } } {
  const r = enas(['study', 'show', '1', '--db', setup.dbFile, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as StudyResult & { slurm: { tasks: SlurmTask[] } };
}

/**
 * `enas study cancel` in this process, with the cluster's environment: no CLI start (seconds on a loaded
 * machine), so the scancel reaches a task that is still running.
 */
async function cancelInProcess(args: string[]): Promise<{ status: number; stderr: string }> {
  const added = Object.keys(env).filter((key) => !(key in process.env));
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const { io, err } = captureIo();
    const status = await runCli(args, io);
    return { status, stderr: err() };
  } finally {
    for (const key of added) delete process.env[key];
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until Slurm has nothing of the study queued or running (squeue, cheaper than a CLI start). */
async function untilQueueEmpty(limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    const q = spawnSync('squeue', ['-h', '-n', 'enas-study-1', '-o', '%i'], { env, encoding: 'utf8' });
    if (q.status === 0 && q.stdout.trim() === '') return;
    if (Date.now() > until) throw new Error(`tasks still queued: ${q.stdout}`);
    await sleep(1000);
  }
}

/** Scored samples of the search in task `task`'s own database (0 while it does not exist yet). */
function taskSamples(workdir: string, task: number): number {
  const file = join(workdir, 'tasks', String(task), 'task.db');
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT COUNT(*) FROM samples').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

function localCounts(): Record<string, number> {
  const db = new Database(setup.dbFile, { readonly: true });
  try {
    const tables = ['runs', 'samples', 'metrics', 'metric_series', 'derived_architectures', 'events', 'study_runs'];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

describe.skipIf(unavailable !== null)('a study on a real single-node Slurm', () => {
  it('runs as an array job, merges every run once, and resubmits only the task cancelled mid-run', async () => {
    const submitted = enas([
      'study', '--config', setup.configFile, '--strategies', 'enas,random-ws', '--seeds', '2', '--epochs', '1', '--retrain-epochs', '1',
      '--set', 'search.childStepsPerEpoch=200', '--set', 'search.deriveSamples=2', '--set', 'search.healthChildren=0',
      '--db', setup.dbFile, '--on', 'slurm', '--workdir', join(setup.dir, 'cluster'), '--cluster-enas', join(ROOT, 'bin', 'enas.mjs'), '--no-wait',
    ]);
    expect(submitted.status, submitted.stderr).toBe(0);
    expect(submitted.stderr).toMatch(/^study 1: 4 tasks submitted as array job [0-9]+ on this machine/m);
    const workdir = join(setup.dir, 'cluster', 'study-1');

    // Cancel task 1 once its search has scored samples: mid-run (200 shared-weight steps are left, tens of
    // seconds on a loaded machine, more than the cancel command takes to start and reach scancel).
    const until = Date.now() + 180_000;
    while (taskSamples(workdir, 1) === 0) {
      if (Date.now() > until) throw new Error('task 1 never started its search');
      await sleep(300);
    }
    const cancelled = await cancelInProcess(['study', 'cancel', '1', '--task', '1', '--db', setup.dbFile]);
    expect(cancelled.status, cancelled.stderr).toBe(0);
    expect(cancelled.stderr).toMatch(/study 1: scancel of task 1\n/);

    await untilQueueEmpty(300_000);
    const first = show();
    expect(first.slurm.tasks.map((t) => [t.task, t.state])).toEqual([
      [0, 'collected'],
      [1, 'cancelled'],
      [2, 'collected'],
      [3, 'collected'],
    ]);
    expect(first.slurm.tasks[1]?.slurmState).toMatch(/^CANCELLED/);
    expect(first.study).toMatchObject({ status: 'incomplete', plannedRuns: 8, completedRuns: 6 });

    const resumed = enas(['study', 'resume', '1', '--db', setup.dbFile]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/study 1: resubmitted task 1 as array job [0-9]+\n/);
    const jobOf = (tasks: SlurmTask[]) => tasks.map((t) => t.jobId);
    const afterResume = show();
    const [job0, job1, job2, job3] = jobOf(afterResume.slurm.tasks);
    expect([job2, job3]).toEqual([job0, job0]);
    expect(job1).not.toBe(job0);

    await untilQueueEmpty(300_000);
    const done = show();
    expect(done.slurm.tasks.map((t) => t.state)).toEqual(['collected', 'collected', 'collected', 'collected']);
    expect(done.study).toMatchObject({ status: 'completed', plannedRuns: 8, completedRuns: 8, failedRuns: 0 });
    for (const s of done.strategies) expect(s.values).toHaveLength(2);

    // Every run once, keyed by its uuid, with its samples (searches) and metrics (all).
    const db = new Database(setup.dbFile, { readonly: true });
    try {
      const runs = db.prepare('SELECT r.id, r.uuid, l.role, l.strategy, l.seed FROM runs r JOIN study_runs l ON l.run_id = r.id').all() as {
        id: number; uuid: string; role: string; strategy: string; seed: number;
      }[];
      expect(runs).toHaveLength(8);
      expect(new Set(runs.map((r) => r.uuid)).size).toBe(8);
      expect(new Set(runs.map((r) => `${r.strategy} ${r.seed} ${r.role}`)).size).toBe(8);
      for (const r of runs) {
        const samples = db.prepare('SELECT COUNT(*) FROM samples WHERE run_id = ?').pluck().get(r.id) as number;
        const points = db.prepare('SELECT COUNT(*) FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ?').pluck().get(r.id) as number;
        if (r.role === 'search') expect(samples, `${r.strategy} seed ${r.seed} search`).toBeGreaterThan(0);
        expect(points, `${r.strategy} seed ${r.seed} ${r.role}`).toBeGreaterThan(0);
      }
    } finally {
      db.close();
    }

    // The resubmitted task went on in its own database: what had completed was kept, the run that scancel
    // stopped resumed (from its checkpoint, or from scratch when it had none yet); no run started twice.
    const task1 = new Database(join(workdir, 'tasks', '1', 'task.db'), { readonly: true });
    try {
      const log = task1.prepare("SELECT run_id, message FROM events WHERE message = 'started' OR message LIKE 'resumed%' ORDER BY id").all() as { run_id: number; message: string }[];
      expect(log.filter((e) => e.message === 'started').map((e) => e.run_id)).toEqual([1, 2]);
      expect(log.filter((e) => e.message.startsWith('resumed'))).toHaveLength(1);
    } finally {
      task1.close();
    }

    // Collecting again (every finished task's database fetched and merged anew) adds nothing.
    const before = localCounts();
    const again = enas(['study', 'collect', '1', '--db', setup.dbFile]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/study 1: 0 runs added to /);
    expect(localCounts()).toEqual(before);
  }, 900_000);
});
