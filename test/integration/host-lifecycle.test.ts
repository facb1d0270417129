/**
 * Host + store with the fake trainer over a real IPC channel: a run's normal life (created → running →
 * completed), a graceful and a forced stop, and a resume from the last checkpoint.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

function steps(h: Harness, runId: number, series = 'child/loss'): number[] {
  return h.store.metrics.series(runId, series, { points: 100_000 }).steps;
}

describe('host run lifecycle with a fake trainer', () => {
  it('takes a run from created through running to completed with samples, metrics, checkpoints and derived persisted', async () => {
    harness = await openHarness({ behaviour: { steps: 30, checkpointEvery: 10 } });
    const h = harness;
    const created = await h.createRun();
    expect(created.status).toBe('created');
    const started = await h.workbench.handlers['runs.start']({ runId: created.id });
    expect(started.status).toBe('running');
    await h.workbench.idle(created.id);

    const run = h.store.runs.get(created.id);
    expect(run?.status).toBe('completed');
    expect(run?.endedAt).not.toBeNull();
    expect(steps(h, created.id)).toEqual([...Array(30).keys()]);
    expect(h.store.metrics.seriesNames(created.id)).toEqual(['child/accuracy', 'child/loss', 'epoch/valid-accuracy', 'search/best-reward']);
    const page = h.store.samples.page({ runId: created.id, limit: 1000 });
    expect(page.total).toBe(30);
    expect(page.rows.find((s) => s.seq === 10)).toMatchObject({ status: 'failed', failure: 'NaN loss, "quoted", with a comma' });
    expect(h.store.checkpoints.list(created.id).map((c) => c.step)).toEqual([9, 19, 29]);
    for (const c of h.store.checkpoints.list(created.id)) expect(existsSync(c.path)).toBe(true);
    // Adopted checkpoints leave nothing behind in the trainer's staging folder.
    expect(readdirSync(join(h.checkpointDir, 'staging', `run-${created.id}`))).toEqual([]);
    expect(h.store.derived.list(created.id).map((d) => d.arc)).toEqual(['0 1 0 2', '1 1 2 2']);
    const statuses = h.events.flatMap((e) => (e.type === 'run-updated' && e.run.id === created.id ? [e.run.status] : []));
    expect(statuses).toEqual(['created', 'running', 'completed']);
    expect(h.store.integrityCheck().ok).toBe(true);
  });

  it('pushes a trainer event only after its rows are committed', async () => {
    harness = await openHarness({ behaviour: { steps: 20, checkpointEvery: 0 } });
    const h = harness;
    const run = await h.createRun();
    const missing: number[] = [];
    h.workbench.subscribe((event) => {
      if (event.type !== 'trainer-event' || event.message.type !== 'step-metrics') return;
      const { step } = event.message;
      const stored = h.store.metrics.series(run.id, 'child/loss', { points: 100_000, fromStep: step, toStep: step });
      if (stored.total !== 1) missing.push(step);
    });
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    const pushed = h.events.filter((e) => e.type === 'trainer-event' && e.message.type === 'step-metrics');
    expect(pushed).toHaveLength(20);
    expect(missing).toEqual([]);
  });

  it('stops gracefully: the trainer checkpoints, says finished, and the run is stopped', async () => {
    harness = await openHarness({ behaviour: { steps: 100_000, stepMs: 2, checkpointEvery: 0 } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.waitFor(run.id, ['running']);
    while (steps(h, run.id).length < 5) await new Promise((r) => setTimeout(r, 20));
    const stopped = await h.workbench.handlers['runs.stop']({ runId: run.id });
    expect(stopped.status).toBe('stopped');
    expect(stopped.error).toBeNull();
    const checkpoint = h.store.checkpoints.latest(run.id);
    expect(checkpoint).toBeDefined();
    // The stop checkpoint holds the last step the trainer finished, and every row up to it is stored.
    expect(steps(h, run.id).at(-1)).toBe(checkpoint?.step);
    expect(h.logs.some((l) => l.message.includes('killed'))).toBe(false);
  });

  it('kills a trainer that ignores stop once the stop timeout has passed', async () => {
    harness = await openHarness({
      behaviour: { steps: 100_000, stepMs: 5, checkpointEvery: 0, ignoreStop: true },
      workbench: { supervision: { readyTimeoutMs: 15_000, stopTimeoutMs: 300 } },
    });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    while (steps(h, run.id).length < 3) await new Promise((r) => setTimeout(r, 20));
    const began = Date.now();
    const stopped = await h.workbench.handlers['runs.stop']({ runId: run.id });
    const took = Date.now() - began;
    expect(stopped.status).toBe('stopped');
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(3000);
    expect(h.logs.some((l) => l.level === 'warn' && l.message.includes('did not stop within 300 ms; killed'))).toBe(true);
    const notes = h.store.events.list(run.id).map((e) => e.message);
    expect(notes.some((m) => m.startsWith('stopped by force'))).toBe(true);
  });

  it('resumes from the last checkpoint and completes without duplicate or missing steps', async () => {
    harness = await openHarness({ behaviour: { steps: 40, stepMs: 1, checkpointEvery: 10, crashAtStep: 24 } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.handlers['runs.start']({ runId: run.id });
    await h.workbench.idle(run.id);
    expect(h.store.runs.get(run.id)?.status).toBe('interrupted');
    const last = h.store.checkpoints.latest(run.id);
    expect(last?.step).toBe(19);

    // The fake crashes on a fresh start only, so the resumed trainer runs to the end.
    const resumed = await h.workbench.handlers['runs.resume']({ runId: run.id });
    expect(resumed.status).toBe('running');
    expect(resumed.error).toBeNull();
    await h.workbench.idle(run.id);
    const log = h.store.events.list(run.id).map((e) => e.message);
    expect(log).toContain(`resumed from ${last?.path ?? '?'} at step 20`);
    expect(log).toContain('resumed from the checkpoint at step 19');
    expect(h.store.runs.get(run.id)?.status).toBe('completed');
    for (const series of ['child/loss', 'child/accuracy']) {
      const stored = h.store.metrics.series(run.id, series, { points: 100_000 });
      // One row per step, steps 0…39: the replayed steps 20…24 overwrote their rows instead of adding to them.
      expect(stored.total).toBe(40);
      expect(stored.steps).toEqual([...Array(40).keys()]);
      expect(stored.values[22]).toBe(series === 'child/loss' ? 1 / 23 : 22 / 40);
    }
    const samples = h.store.samples.page({ runId: run.id, limit: 1000 });
    expect(samples.total).toBe(40);
    expect(samples.rows.map((s) => s.seq)).toEqual([...Array(40).keys()]);
    expect(h.store.checkpoints.list(run.id).map((c) => c.step)).toEqual([9, 19, 29, 39]);
    expect(h.store.integrityCheck()).toMatchObject({ ok: true, integrity: ['ok'], foreignKeys: [] });
  });
});
