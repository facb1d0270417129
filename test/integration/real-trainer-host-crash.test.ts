/**
 * docs/reliability.md T1.5 with the REAL trainer: the host itself dies. A child process
 * (test/fixtures/crashing-host.ts) owns the store, as the app or the CLI does, and runs the kill search on
 * the real trainer; it is SIGKILLed at seeded points: while it adopts a checkpoint its trainer just
 * reported, while it commits a metrics batch, or uniformly over the run's wall time. Then:
 *
 * - its trainer, orphaned, exits by itself within 3 s rather than training on for nobody;
 * - a host restarted on the same folder marks the run that was running `interrupted` (100%), deletes
 *   temp and staged checkpoint files, keeps exactly the checkpoint files that have rows, and the
 *   database passes integrity_check and foreign_key_check (SQLite replays its WAL);
 * - the run resumes to the end with no duplicate rows and equals an uninterrupted run of the same seed (T1.2).
 *
 * Replay a failure with REAL_TRAINER_HOST_CRASH_SEED=<the seed printed below>.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../../src/core/random/prng';
import { bundledEntry, bundledTrainerEntry, removeBundles } from '../fixtures/bundled-entry';
import { expectSameRows } from '../fixtures/expect-same-rows';
import { openRealTrainerWorkbench } from '../fixtures/real-trainer-workbench';
import { duplicateRows, readRunRows } from '../fixtures/run-rows';
import type { RunRows } from '../fixtures/run-rows';

const SEED = Number(process.env.REAL_TRAINER_HOST_CRASH_SEED ?? 20_250_612);
/** An orphan that trained on would outlive its host by the rest of the run, several seconds here. */
const ORPHAN_EXIT_MS = 3000;
const HOST_SOURCE = join(import.meta.dirname, '..', 'fixtures', 'crashing-host.ts');

/**
 * The kill comes `delayMs` after the `occurrence`-th (1-based) stdout line `line` of the host, or when the
 * host reports its next trainer message, whichever is first: tied to the run's progress rather than to a
 * clock alone, a point lands at the same place of the search on a busy machine as on an idle one.
 */
interface Trigger {
  what: string;
  line: string;
  occurrence: number;
  delayMs: number;
}

interface HostLife {
  lines: string[];
  /** performance.now() when each line arrived. */
  times: number[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

let work: string;
let hostEntry: string;
let trainerEntry: string;
let reference: { runId: number; rows: RunRows; life: HostLife };

/** Runs the host on `work` until it ends, or until `trigger` fires and it is SIGKILLed. */
function liveHost(trigger: Trigger | undefined): Promise<HostLife> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hostEntry, work, trainerEntry], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const times: number[] = [];
    let partial = '';
    let stderr = '';
    let seen = 0;
    let armed = false;
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        times.push(performance.now());
        if (armed && line.startsWith('message ')) kill();
        if (trigger !== undefined && !armed && line === trigger.line && ++seen === trigger.occurrence) {
          armed = true;
          setTimeout(kill, trigger.delayMs);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // A line cut by the kill was not said: only complete lines count.
    child.on('close', (_code, signal) => resolve({ lines, times, signal, stderr }));
  });
}

/** Whether `pid` runs: a zombie (exited, not yet reaped by whoever adopted it) counts as gone. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (running(pid)) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function valueOf(lines: readonly string[], prefix: string): number {
  const line = lines.find((l) => l.startsWith(`${prefix} `));
  return Number(line?.slice(prefix.length + 1));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'enas-host-crash-'));
  [hostEntry, trainerEntry] = await Promise.all([bundledEntry(HOST_SOURCE), bundledTrainerEntry()]);
  const life = await liveHost(undefined);
  expect(life.lines.at(-1), life.stderr).toBe('done completed');
  const runId = valueOf(life.lines, 'run');
  const bench = await openRealTrainerWorkbench(work);
  try {
    reference = { runId, rows: readRunRows(bench.store, runId), life };
  } finally {
    await bench.close();
  }
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBundles();
});

describe('the host SIGKILLed while the real trainer runs a search (T1.5)', () => {
  it('recovers every interrupted run at restart, removes orphan checkpoint files and resumes exactly', async () => {
    console.log(`real-trainer-host-crash: seed ${SEED} (replay with REAL_TRAINER_HOST_CRASH_SEED=${SEED})`);
    const prng = createPrng(SEED);
    const { lines, times } = reference.life;
    const count = (line: string, upTo = lines.length): number => lines.slice(0, upTo).filter((l) => l === line).length;
    const adopting = (): Trigger => {
      const occurrence = 1 + prng.int(count('message checkpoint-written'));
      // The host reads the staged file, checks its sha256, writes it beside the database and fsyncs.
      return { what: `adopting checkpoint ${occurrence}`, line: 'message checkpoint-written', occurrence, delayMs: prng.next() * 20 };
    };
    const committing = (): Trigger => {
      // Flushes after the first half depend on the machine's speed (a window also closes after 1 s).
      const occurrence = 1 + prng.int(Math.max(1, Math.floor(count('flush') / 2)));
      return { what: `committing metrics batch ${occurrence}`, line: 'flush', occurrence, delayMs: prng.next() * 2 };
    };
    const uniform = (): Trigger => {
      // Uniform over the trainer's life up to `derived`, anchored on the last trainer message before it.
      const at = (line: string): number => times[lines.indexOf(line)] ?? NaN;
      const t = at('message ready') + prng.next() * (at('message derived') - at('message ready'));
      const anchor = lines.reduce((last, l, i) => (l.startsWith('message ') && (times[i] ?? Infinity) <= t ? i : last), 0);
      const line = lines[anchor] ?? 'message ready';
      return { what: `uniform over the run, after ${line}`, line, occurrence: count(line, anchor + 1), delayMs: t - (times[anchor] ?? t) };
    };
    const triggers = [adopting(), adopting(), committing(), uniform()];
    const totals = { interrupted: 0, tempFiles: 0, stagedFiles: 0, orphanExitMs: 0 };
    for (const [k, trigger] of triggers.entries()) {
      const where = `host kill ${k} (${trigger.what}, +${trigger.delayMs.toFixed(1)} ms; seed ${SEED})`;
      const life = await liveHost(trigger);
      expect(life.signal, `${where}: the host ended by itself:\n${life.stderr}`).toBe('SIGKILL');
      const runId = valueOf(life.lines, 'run');
      const trainerPid = valueOf(life.lines, 'trainer');
      const diedAt = performance.now();
      const orphanGone = await waitForExit(trainerPid, ORPHAN_EXIT_MS);
      if (!orphanGone) process.kill(trainerPid, 'SIGKILL');
      expect(orphanGone, `${where}: the orphaned trainer ${trainerPid} still runs ${ORPHAN_EXIT_MS} ms after its host died`).toBe(true);
      totals.orphanExitMs = Math.max(totals.orphanExitMs, performance.now() - diedAt);

      const before = filesUnder(join(work, 'checkpoints'));
      totals.tempFiles += before.filter((f) => f.endsWith('.tmp')).length;
      totals.stagedFiles += before.filter((f) => f.startsWith('staging')).length;

      const bench = await openRealTrainerWorkbench(work);
      const { checkpointDir } = bench;
      try {
        expect(bench.workbench.recovery.interrupted, where).toEqual([runId]);
        expect(bench.store.runs.get(runId)?.status, where).toBe('interrupted');
        expect(bench.store.runs.list().filter((r) => r.status === 'running'), where).toEqual([]);
        expect(bench.store.integrityCheck(), where).toMatchObject({ ok: true, integrity: ['ok'], foreignKeys: [] });
        const rows = bench.store.runs.list().flatMap((r) => bench.store.checkpoints.list(r.id));
        expect(filesUnder(checkpointDir), `${where}: files after recovery`).toEqual(rows.map((c) => relative(checkpointDir, c.path)).sort());
        totals.interrupted++;

        await bench.workbench.handlers['runs.resume']({ runId });
        await bench.workbench.idle(runId);
        expect(bench.store.runs.get(runId)?.status, where).toBe('completed');
        expect(duplicateRows(bench.dbFile, runId), where).toEqual({ metrics: 0, samples: 0 });
        expectSameRows(readRunRows(bench.store, runId), reference.rows, where);
      } finally {
        await bench.close();
      }
    }
    console.log(
      `real-trainer-host-crash: ${triggers.length} host kills, ${totals.interrupted} runs interrupted at restart (100%), ` +
        `${totals.tempFiles} temp and ${totals.stagedFiles} staged checkpoint files found and removed, ` +
        `orphaned trainers gone within ${totals.orphanExitMs.toFixed(0)} ms, every resume equal to the reference`,
    );
  }, 300_000);
});
