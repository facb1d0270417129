/**
 * docs/reliability.md T2.1: a child process runs the real store (store-kill-writer.ts) under a write-heavy
 * workload and is SIGKILLed 50 times at seeded random points, about a third of them a few milliseconds
 * into a checkpoint-file write. After each kill the parent, acting as the restarted host, checks:
 * integrity_check = ok and no foreign-key violation; every transaction the child reported committed is
 * there (0 lost) and whole (64 metric points, 4 samples); the run was `running` and becomes `interrupted`;
 * every checkpoint row has its file with the recorded size and sha256; after sweepOrphans, no file without
 * a row and no temp file. Replay a failure with STORE_KILL_SEED=<seed printed below>.
 *
 * The writer is bundled once with esbuild (tsx's own compiler): a child started through the tsx loader
 * takes over a second to start on a busy 2-core machine, a bundle about a third of that.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../../src/core/random/prng';
import { openStore } from '../../src/store/store';

const KILLS = 50;
const SEED = Number(process.env.STORE_KILL_SEED ?? 20_240_601);
const root = join(import.meta.dirname, '..', '..');
// Inside the repository so that the bundle resolves better-sqlite3 from node_modules.
const bundleDir = join(root, 'node_modules', '.cache', `enas-store-kill-${process.pid}`);
const writer = join(bundleDir, 'store-kill-writer.mjs');
let work: string;

beforeAll(async () => {
  mkdirSync(bundleDir, { recursive: true });
  await build({
    entryPoints: [join(import.meta.dirname, 'store-kill-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    outfile: writer,
    logLevel: 'warning',
  });
  work = mkdtempSync(join(tmpdir(), 'enas-store-kill-'));
});

afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

interface Life {
  lines: string[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the writer, SIGKILLs it `delayMs` after the line starting with `trigger`, returns what it said. */
function liveAndDie(dbFile: string, checkpointDir: string, seed: number, trigger: string, delayMs: number): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dbFile, checkpointDir, String(seed)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let armed = false;
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    const watchdog = setTimeout(kill, 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (!armed && stdout.split('\n').some((line) => line.startsWith(trigger))) {
        armed = true;
        setTimeout(kill, delayMs);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(watchdog);
      // A line cut by the kill is not a report: only complete lines count.
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      resolve({ lines: complete.split('\n').filter((l) => l !== ''), signal, stderr });
    });
  });
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('store crash safety under SIGKILL (T2.1)', () => {
  it(`keeps every reported commit and a consistent database across ${KILLS} kills`, async () => {
    console.log(`store-kill: seed ${SEED} (replay with STORE_KILL_SEED=${SEED})`);
    const prng = createPrng(SEED);
    const dbFile = join(work, 'enas.db');
    const checkpointDir = join(work, 'checkpoints');
    // The host creates its data folders at start; a kill before the first checkpoint leaves it empty.
    mkdirSync(checkpointDir);
    const reportedCommits = new Set<number>();
    const reportedCheckpoints = new Map<number, number>();
    const maybeDeleted = new Set<number>();
    const swept = { temp: 0, orphan: 0, insideCheckpoint: 0 };
    let transactions = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      const inCheckpoint = prng.next() < 0.3;
      const life = await liveAndDie(
        dbFile,
        checkpointDir,
        SEED + kill,
        inCheckpoint ? 'ckpt-begin' : 'ready',
        inCheckpoint ? prng.int(6) : prng.int(250),
      );
      const where = `kill ${kill} (seed ${SEED})`;
      expect(life.signal, `${where}: the writer died by itself:\n${life.stderr}`).toBe('SIGKILL');
      for (const line of life.lines) {
        const [what, a, b] = line.split(' ');
        if (what === 'commit') reportedCommits.add(Number(a));
        if (what === 'ckpt') reportedCheckpoints.set(Number(a), Number(b));
        if (what === 'deleting') maybeDeleted.add(Number(a));
      }

      const store = openStore(dbFile);
      try {
        const integrity = store.integrityCheck();
        expect(integrity.integrity, where).toEqual(['ok']);
        expect(integrity.foreignKeys, where).toEqual([]);

        const [run, ...others] = store.runs.list();
        expect(others, where).toEqual([]);
        if (run === undefined) throw new Error(`${where}: no run`);
        expect(store.runs.markRunningAsInterrupted(), where).toEqual([run.id]);
        expect(store.runs.get(run.id)?.status, where).toBe('interrupted');

        // Transactions are whole and contiguous from 0, and none that was reported is missing.
        const tx = store.metrics.series(run.id, 'tx', { points: 100_000 });
        transactions = tx.total;
        expect(tx.steps, where).toEqual(Array.from({ length: tx.total }, (_, i) => i));
        const lost = [...reportedCommits].filter((k) => k >= tx.total);
        expect(lost, `${where}: lost commits`).toEqual([]);
        expect(store.metrics.series(run.id, 'child/loss', { points: 3 }).total, where).toBe(64 * tx.total);
        expect(store.samples.page({ runId: run.id, limit: 1 }).total, where).toBe(4 * tx.total);

        // A checkpoint row exists exactly when its file does, with the recorded size and sha256.
        const rows = store.checkpoints.list(run.id);
        const rowIds = new Set(rows.map((r) => r.id));
        const missing = [...reportedCheckpoints.keys()].filter((id) => !rowIds.has(id) && !maybeDeleted.has(id));
        expect(missing, `${where}: reported checkpoints without a row`).toEqual([]);
        for (const row of rows) {
          const content = readFileSync(row.path);
          expect([content.length, sha256(content)], `${where}: ${row.path}`).toEqual([row.bytes, row.sha256]);
        }
        const before = readdirSync(checkpointDir);
        const report = await store.checkpointFiles.sweepOrphans(checkpointDir);
        expect(report.danglingRows, where).toEqual([]);
        swept.temp += report.tempFiles.length;
        swept.orphan += report.orphanFiles.length;
        if (report.tempFiles.length + report.orphanFiles.length > 0) swept.insideCheckpoint++;
        expect(before.length - report.tempFiles.length - report.orphanFiles.length, where).toBe(rows.length);
        expect(readdirSync(checkpointDir).sort(), where).toEqual(rows.map((r) => r.path.slice(checkpointDir.length + 1)).sort());
      } finally {
        store.close();
      }
    }
    console.log(
      `store-kill: ${KILLS} kills, ${transactions} transactions, ${reportedCommits.size} reported, 0 lost; ` +
        `${swept.insideCheckpoint} kills left checkpoint debris (${swept.temp} temp, ${swept.orphan} orphan files swept)`,
    );
    expect(reportedCommits.size).toBeGreaterThan(KILLS);
  }, 180_000);
});
