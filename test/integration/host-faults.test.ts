/**
 * Fault handling of the host (docs/reliability.md T1.1, T1.4, T1.5) with the fake trainer: garbage on the
 * channel, a SIGKILL mid-run, a wrong protocol version, no handshake, a trainer that fails, crashes, runs
 * out of memory or lies about a checkpoint, and the app itself dying while a run was running.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnasError } from '../../src/shared/errors';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fresh folder for a harness, so the fake's ledger and pid files can live in it. */
function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'enas-host-'));
}

describe('host fault handling with a fake trainer', () => {
  it('fails the run with a clear error when the trainer sends a message outside the protocol', async () => {
    harness = await openHarness({ behaviour: { steps: 50, garbageAtStep: 7 } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const failed = h.store.runs.get(run.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe('TRAINER_PROTOCOL');
    expect(failed?.error?.message).toContain('outside protocol v1');
    expect(failed?.error?.message).toContain('"step":"seven"');
    expect(h.logs.some((l) => l.level === 'error' && l.message.includes('TRAINER_PROTOCOL'))).toBe(true);
    expect(h.store.integrityCheck().ok).toBe(true);
  });

  it('marks a SIGKILLed trainer’s run interrupted within 2 s, losing at most one flush window', async () => {
    const dir = tempDir();
    const ledger = join(dir, 'ledger.txt');
    const pidFile = join(dir, 'trainer.pid');
    harness = await openHarness({ dir, behaviour: { steps: 1_000_000, stepMs: 1, checkpointEvery: 25, ledger, pidFile } });
    const k = harness;
    const run = await k.createRun();
    await k.workbench.handlers['runs.start']({ runId: run.id });
    while (k.store.checkpoints.list(run.id).length < 3) await sleep(20);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await sleep(137);
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const interrupted = await k.waitFor(run.id, ['interrupted', 'failed', 'completed', 'stopped'], 5000);
    const took = Date.now() - killedAt;
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.error?.code).toBe('TRAINER_CRASHED');
    expect(interrupted.error?.message).toContain('signal SIGKILL');
    expect(took).toBeLessThan(2000);
    expect(k.store.integrityCheck()).toMatchObject({ ok: true, integrity: ['ok'], foreignKeys: [] });

    const sent = readFileSync(ledger, 'utf8').trim().split('\n').map(Number);
    const stored = k.store.metrics.series(run.id, 'child/loss', { points: 100_000 });
    const lastSent = sent.at(-1) ?? -1;
    const lastStored = stored.steps.at(-1) ?? -1;
    // Stored steps are a gap-free prefix of what was sent; what is missing fits in one flush window.
    expect(stored.steps).toEqual([...Array(lastStored + 1).keys()]);
    expect(lastSent - lastStored).toBeLessThanOrEqual(64);
    expect(k.store.checkpoints.latest(run.id)?.step).toBeLessThanOrEqual(lastStored);
  });

  it('refuses a trainer that speaks another protocol version', async () => {
    harness = await openHarness({ behaviour: { protocolVersion: 99 } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const failed = h.store.runs.get(run.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe('TRAINER_VERSION');
    expect(failed?.error?.message).toContain('speaks protocol v99, this app v1');
  });

  it('kills a trainer that never says ready and fails the run with a timeout', async () => {
    harness = await openHarness({ behaviour: { silent: true }, workbench: { supervision: { readyTimeoutMs: 1500, stopTimeoutMs: 1000 } } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const failed = h.store.runs.get(run.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe('TRAINER_TIMEOUT');
    expect(failed?.error?.message).toContain('did not send "ready" within 1500 ms');
  });

  it('records the error of a trainer that reports failed', async () => {
    harness = await openHarness({ behaviour: { steps: 30, failAtStep: 12 } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const failed = h.store.runs.get(run.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toEqual({ code: 'SEARCH_DIVERGED', message: 'loss became NaN at step 12' });
    // Everything it sent before failing is stored.
    expect(h.store.metrics.series(run.id, 'child/loss', { points: 1000 }).steps.at(-1)).toBe(12);
  });

  it('treats an exit without finished as a crash, even with exit code 0', async () => {
    harness = await openHarness({ behaviour: { steps: 12, exitWithoutFinish: true } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const interrupted = h.store.runs.get(run.id);
    expect(interrupted?.status).toBe('interrupted');
    expect(interrupted?.error?.message).toContain('exit code 0 before finishing');
  });

  it('restarts a crashing trainer from its checkpoint with backoff and gives up after 3 attempts', async () => {
    harness = await openHarness({
      behaviour: { steps: 40, checkpointEvery: 10, crashAtStep: 14, crashOnResume: true },
      workbench: { restart: { maxAttempts: 3, baseDelayMs: 40 } },
    });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const failed = h.store.runs.get(run.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe('TRAINER_CRASHED');
    expect(failed?.error?.message).toContain('gave up after 3 automatic restarts');
    const log = h.store.events.list(run.id).map((e) => e.message);
    expect(log.filter((m) => m === 'restarted automatically from the checkpoint at step 9')).toHaveLength(3);
    expect(log.filter((m) => /automatic restart \d/.test(m))).toEqual([
      expect.stringContaining('automatic restart 1/3 in 40 ms'),
      expect.stringContaining('automatic restart 2/3 in 80 ms'),
      expect.stringContaining('automatic restart 3/3 in 160 ms'),
    ]);
    const statuses = h.events.flatMap((e) => (e.type === 'run-updated' ? [e.run.status] : []));
    expect(statuses).toEqual(['created', 'running', 'interrupted', 'running', 'interrupted', 'running', 'interrupted', 'running', 'failed']);
  });

  it('says the trainer ran out of memory when V8 aborts on its heap limit', async () => {
    harness = await openHarness({ behaviour: { steps: 20, oomAtStep: 3 }, execArgv: ['--max-old-space-size=64'] });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const ended = h.store.runs.get(run.id);
    expect(ended?.status).toBe('interrupted');
    expect(ended?.error?.code).toBe('TRAINER_OUT_OF_MEMORY');
    expect(ended?.error?.message).toContain('ran out of memory');
  });

  it('does not register a checkpoint whose file does not match what the trainer reported', async () => {
    harness = await openHarness({ behaviour: { steps: 30, checkpointEvery: 10, badChecksumAtStep: 19 } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    expect(h.store.runs.get(run.id)?.status).toBe('completed');
    expect(h.store.checkpoints.list(run.id).map((c) => c.step)).toEqual([9, 29]);
    const errors = h.store.events.list(run.id).filter((e) => e.level === 'error').map((e) => e.message);
    expect(errors).toEqual([expect.stringMatching(/CHECKPOINT_MISMATCH: .*fake-step-19\.ckpt has sha256 [0-9a-f]{64}, the trainer reported 0{64}/)]);
  });

  it('kills the trainer and pauses the run when the disk is full, keeping the database intact', async () => {
    let metricBatches = 0;
    harness = await openHarness({
      behaviour: { steps: 100_000, stepMs: 1, checkpointEvery: 0 },
      workbench: { flushWindow: { maxSteps: 8, maxDelayMs: 1000 } },
      wrapStore: (store) => ({
        ...store,
        writeBatch(batch) {
          // Metric windows fail from the fourth on, as on a disk that just filled up; small writes still fit.
          if ((batch.metrics?.length ?? 0) > 0 && ++metricBatches > 3) {
            throw new EnasError('STORE_DISK_FULL', `${store.file}: disk full: free space on that disk, then retry`);
          }
          store.writeBatch(batch);
        },
      }),
    });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const paused = h.store.runs.get(run.id);
    expect(paused?.status).toBe('paused');
    expect(paused?.error?.code).toBe('STORE_DISK_FULL');
    expect(paused?.error?.message).toContain(`${h.dbFile}: disk full`);
    // Three windows (of at most 8 steps each) were committed, nothing of the failed one: a gap-free prefix.
    const stored = h.store.metrics.series(run.id, 'child/loss', { points: 1000 }).steps;
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThanOrEqual(24);
    expect(stored).toEqual([...Array(stored.length).keys()]);
    expect(h.logs.some((l) => l.level === 'error' && l.message.includes('the trainer is killed'))).toBe(true);
    expect(h.store.integrityCheck().ok).toBe(true);
  });

  it('at start-up marks running runs interrupted and sweeps orphan checkpoint files', async () => {
    harness = await openHarness({ behaviour: { steps: 20, checkpointEvery: 10 } });
    const h = harness;
    const done = await h.createRun('finished earlier');
    await h.workbench.handlers['runs.start']({ runId: done.id });
    await h.workbench.idle(done.id);
    const kept = h.store.checkpoints.list(done.id);
    expect(kept).toHaveLength(2);
    // The app dies while another run is running: its row says running, files are half-written.
    const crashed = await h.createRun('was running');
    h.store.runs.setStatus(crashed.id, 'running');
    const orphan = join(h.checkpointDir, `run-${crashed.id}-step-5-0123456789abcdef.ckpt`);
    const temp = join(h.checkpointDir, `run-${crashed.id}-step-6-0123456789abcdef.ckpt.4242-1.tmp`);
    const staged = join(h.checkpointDir, 'staging', `run-${crashed.id}`, 'fake-step-7.ckpt.tmp');
    mkdirSync(join(h.checkpointDir, 'staging', `run-${crashed.id}`), { recursive: true });
    for (const file of [orphan, temp, staged]) writeFileSync(file, 'partial');
    const dir = h.dir;
    await h.close();

    harness = await openHarness({ dir });
    const r = harness;
    expect(r.workbench.recovery.interrupted).toEqual([crashed.id]);
    expect(r.store.runs.get(crashed.id)?.status).toBe('interrupted');
    expect(r.store.runs.get(done.id)?.status).toBe('completed');
    expect(r.workbench.recovery.sweep.orphanFiles).toEqual([orphan]);
    expect(r.workbench.recovery.sweep.tempFiles).toEqual([temp]);
    for (const file of [orphan, temp, staged]) expect(existsSync(file)).toBe(false);
    for (const c of kept) expect(existsSync(c.path)).toBe(true);
    expect(r.store.events.list(crashed.id).map((e) => e.message)).toContain(
      'interrupted: the app stopped while this run was running; resume continues from its last checkpoint',
    );
    expect(r.store.integrityCheck().ok).toBe(true);
  });
});
