/**
 * docs/reliability.md: a SIGTERM that reaches the REAL trainer directly (Slurm's scancel and preemption signal
 * every process of a job, the trainer included, before its host can send `stop`) is a stop, not a death: the
 * trainer checkpoints, ends between batches and reports `finished` with `stopped`; the run is `stopped`, and a
 * resume completes it from that checkpoint. Before this, the signal killed the trainer on the spot and the
 * run was `interrupted` at its last periodic checkpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeBundles } from '../fixtures/bundled-entry';
import { KILL_SEARCH, killSearchConfig } from '../fixtures/kill-search-config';
import { openRealTrainerWorkbench } from '../fixtures/real-trainer-workbench';
import type { RealTrainerWorkbench } from '../fixtures/real-trainer-workbench';
import type { LaunchedTrainer } from '../fixtures/recording-launcher';

let bench: RealTrainerWorkbench;

beforeAll(async () => {
  bench = await openRealTrainerWorkbench();
}, 60_000);

afterAll(async () => {
  await bench?.dispose();
  removeBundles();
});

describe('a trainer that receives SIGTERM', () => {
  it('checkpoints, reports a stopped finish, and the run resumes to completion', async () => {
    const run = await bench.createRun(killSearchConfig(), 'sigterm');
    let trainer: LaunchedTrainer | undefined;
    let signalledAt = -1;
    const unsubscribe = bench.recorder.onLaunch((launched) => {
      unsubscribe();
      trainer = launched;
      launched.onMessage((message, index) => {
        // After the first shared-weight step's metrics: mid-search, before the first phase-end checkpoint.
        if (signalledAt < 0 && message.type === 'step-metrics' && message.step >= 1) {
          signalledAt = index;
          process.kill(launched.pid, 'SIGTERM');
        }
      });
    });
    await bench.workbench.handlers['runs.start']({ runId: run.id });
    await bench.workbench.idle(run.id);
    if (trainer === undefined) throw new Error('no trainer was launched');
    expect(signalledAt).toBeGreaterThan(0);

    const after = trainer.received.slice(signalledAt + 1).map((r) => r.message);
    const checkpoints = after.filter((m) => m.type === 'checkpoint-written');
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(after.at(-1)).toMatchObject({ type: 'finished', stopped: true });
    expect(bench.store.runs.get(run.id)?.status).toBe('stopped');
    const kept = bench.store.checkpoints.latest(run.id);
    expect(kept?.step).toBeGreaterThanOrEqual(1);
    expect(kept?.step).toBeLessThan(KILL_SEARCH.epochs * KILL_SEARCH.childStepsPerEpoch);

    await bench.workbench.handlers['runs.resume']({ runId: run.id });
    await bench.workbench.idle(run.id);
    expect(bench.store.runs.get(run.id)?.status).toBe('completed');
  }, 120_000);
});
