/**
 * docs/reliability.md T1.1 and T1.2 with the REAL trainer: the host runs the kill search (kill-search-config.ts,
 * the tiny micro search on the cpu backend) through src/trainer/main.ts, once uninterrupted as the
 * reference, then 20 more times, each SIGKILLed at a seeded point (kill-plan.ts: uniform over the
 * reference's wall time, right after a `checkpoint-written`, inside a checkpoint write, inside a metrics
 * flush of the host) and resumed by hand (automatic restarts are off). After each kill:
 *
 * - integrity_check = ok and foreign_key_check empty;
 * - the run is `interrupted` (never `running`) within 2 s of the kill;
 * - of the rows the trainer had delivered, those missing fit in one flush window (≤ 64 steps and ≤ 1 s);
 * - the resumed trainer starts at the last committed checkpoint: its shared-weight steps run contiguously
 *   from the checkpoint's step to the end, its samples' seq numbers contiguously to the last;
 * - after the resume: 0 duplicate (run, series, step) or (run, seq) rows, steps and seqs contiguous from 0,
 *   and every sample (arc, reward and validation score within 1e-5), every metric (child losses included,
 *   within 1e-5) and the derived ranking equal the reference run's (cpu backend, same seed).
 *
 * Replay a failure with REAL_TRAINER_KILL_SEED=<the seed printed below>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../../src/core/random/prng';
import type { TrainerMessage } from '../../src/shared/protocol';
import { removeBundles } from '../fixtures/bundled-entry';
import { expectSameRows } from '../fixtures/expect-same-rows';
import { armKill, describeKill, planKills } from '../fixtures/kill-plan';
import type { KillPoint } from '../fixtures/kill-plan';
import { KILL_SEARCH, killSearchConfig } from '../fixtures/kill-search-config';
import { openRealTrainerWorkbench } from '../fixtures/real-trainer-workbench';
import type { RealTrainerWorkbench } from '../fixtures/real-trainer-workbench';
import type { LaunchedTrainer } from '../fixtures/recording-launcher';
import { duplicateRows, readRunRows } from '../fixtures/run-rows';
import type { RunRows } from '../fixtures/run-rows';

const SEED = Number(process.env.REAL_TRAINER_KILL_SEED ?? 20_250_611);
const MIX = { uniform: 14, afterCheckpoint: 2, insideCheckpointWrite: 2, insideFlush: 2 };
const KILLS = MIX.uniform + MIX.afterCheckpoint + MIX.insideCheckpointWrite + MIX.insideFlush;
const TOTAL_STEPS = KILL_SEARCH.epochs * KILL_SEARCH.childStepsPerEpoch;
/** docs/reliability.md T1.1. */
const INTERRUPTED_WITHIN_MS = 2000;
const WINDOW = { steps: 64, ms: 1000 };

let bench: RealTrainerWorkbench;
let reference: { runId: number; rows: RunRows; trainer: LaunchedTrainer };

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

async function runToEnd(runId: number, how: 'runs.start' | 'runs.resume'): Promise<void> {
  await bench.workbench.handlers[how]({ runId });
  await bench.workbench.idle(runId);
}

beforeAll(async () => {
  bench = await openRealTrainerWorkbench();
  const run = await bench.createRun(killSearchConfig(), 'reference');
  await runToEnd(run.id, 'runs.start');
  const trainer = bench.recorder.launched.at(-1);
  if (trainer === undefined) throw new Error('the reference run launched no trainer');
  reference = { runId: run.id, rows: readRunRows(bench.store, run.id), trainer };
}, 120_000);

afterAll(async () => {
  try {
    await bench.dispose();
  } finally {
    removeBundles();
  }
});

/** Rows the killed trainer had delivered that the store does not hold, with when each arrived. */
function lostRows(trainer: LaunchedTrainer, stored: RunRows): { step: number; at: number }[] {
  const storedSteps = new Map([...stored.series].map(([name, s]) => [name, new Set(s.steps)]));
  const storedSeqs = new Set(stored.samples.map((s) => s.seq));
  return trainer.received.flatMap(({ at, message }) => {
    if (message.type === 'architecture-sampled') return storedSeqs.has(message.seq) ? [] : [{ step: message.step, at }];
    if (message.type !== 'step-metrics' && message.type !== 'epoch-ended') return [];
    return Object.keys(message.metrics)
      .filter((name) => storedSteps.get(name)?.has(message.step) !== true)
      .map(() => ({ step: message.step, at }));
  });
}

function childSteps(messages: readonly { message: TrainerMessage }[]): number[] {
  return messages.flatMap(({ message }) => (message.type === 'step-metrics' && 'child/loss' in message.metrics ? [message.step] : []));
}

describe('the real trainer SIGKILLed during a tiny search (T1.1, T1.2)', () => {
  it('completes the uninterrupted reference run with every step and sample stored once', () => {
    expect(bench.store.runs.get(reference.runId)?.status).toBe('completed');
    expect(reference.rows.series.get('child/loss')?.steps).toEqual(range(0, TOTAL_STEPS));
    expect(reference.rows.samples.map((s) => s.seq)).toEqual(range(0, reference.rows.samples.length));
    expect(bench.store.checkpoints.list(reference.runId).map((c) => c.step)).toEqual([3, 6, 9]);
    expect(reference.rows.derived.length).toBeGreaterThan(0);
  });

  it(`keeps the store consistent and the search exact across ${KILLS} kills and resumes`, async () => {
    const points: KillPoint[] = planKills(createPrng(SEED), reference.trainer.received, MIX);
    console.log(`real-trainer-kill: seed ${SEED} (replay with REAL_TRAINER_KILL_SEED=${SEED})`);
    const totals = { lostRows: 0, maxInterruptMs: 0, fromScratch: 0, resumedSteps: 0, replayedSamples: 0 };
    const began = performance.now();
    for (const [k, point] of points.entries()) {
      const where = `kill ${k} (${describeKill(point)}; seed ${SEED})`;
      const run = await bench.createRun(killSearchConfig(), `kill ${k}`);
      const armed = armKill(bench, run.id, point);
      try {
        await runToEnd(run.id, 'runs.start');
      } finally {
        armed.disarm();
      }
      const { trainer, killedAt } = armed;
      expect(armed.mismatch, where).toBeUndefined();
      if (trainer === undefined || killedAt === undefined) throw new Error(`${where}: the run ended before the kill point`);

      // The run is interrupted, promptly, and the database is whole.
      const interrupted = bench.events.find(
        ({ event }) => event.type === 'run-updated' && event.run.id === run.id && event.run.status === 'interrupted',
      );
      const log = (): string => bench.logs.slice(-5).map((l) => `${l.level}: ${l.message}`).join('\n');
      expect(bench.store.runs.get(run.id)?.status, `${where}\n${log()}`).toBe('interrupted');
      const took = (interrupted?.at ?? Infinity) - killedAt;
      expect(took, where).toBeLessThanOrEqual(INTERRUPTED_WITHIN_MS);
      expect(bench.store.integrityCheck(), where).toMatchObject({ ok: true, integrity: ['ok'], foreignKeys: [] });

      // What the trainer delivered is stored, but for at most one flush window.
      const lost = lostRows(trainer, readRunRows(bench.store, run.id));
      expect(new Set(lost.map((l) => l.step)).size, `${where}: lost steps`).toBeLessThanOrEqual(WINDOW.steps);
      for (const l of lost) expect(killedAt - l.at, `${where}: a lost row of step ${l.step}`).toBeLessThanOrEqual(WINDOW.ms);

      // Resume from the last committed checkpoint, to the end.
      const checkpoint = bench.store.checkpoints.latest(run.id);
      await runToEnd(run.id, 'runs.resume');
      expect(bench.store.runs.get(run.id)?.status, `${where}\n${log()}`).toBe('completed');
      const resumed = bench.recorder.launched.at(-1);
      if (resumed === undefined || resumed === trainer) throw new Error(`${where}: the resume launched no trainer`);
      expect(childSteps(resumed.received), `${where}: steps after resume`).toEqual(range(checkpoint?.step ?? 0, TOTAL_STEPS));
      const seqs = resumed.received.flatMap(({ message }) => (message.type === 'architecture-sampled' ? [message.seq] : []));
      const first = seqs[0] ?? -1;
      expect(seqs, `${where}: seqs after resume`).toEqual(range(first, reference.rows.samples.length));
      if (checkpoint === undefined) expect(first, where).toBe(0);

      expect(duplicateRows(bench.dbFile, run.id), where).toEqual({ metrics: 0, samples: 0 });
      expectSameRows(readRunRows(bench.store, run.id), reference.rows, where);
      expect(bench.store.integrityCheck().ok, where).toBe(true);

      totals.lostRows += lost.length;
      totals.maxInterruptMs = Math.max(totals.maxInterruptMs, took);
      if (checkpoint === undefined) totals.fromScratch++;
      totals.resumedSteps += TOTAL_STEPS - (checkpoint?.step ?? 0);
      totals.replayedSamples += seqs.length;
    }
    console.log(
      `real-trainer-kill: ${KILLS} kills in ${((performance.now() - began) / 1000).toFixed(1)} s: 0 corrupted, ` +
        `all interrupted (slowest ${totals.maxInterruptMs.toFixed(0)} ms after the kill), ${totals.lostRows} delivered rows lost, ` +
        `${totals.fromScratch} resumed from scratch, ${totals.resumedSteps} steps and ${totals.replayedSamples} samples replayed, ` +
        `all equal to the reference`,
    );
  }, 600_000);
});
