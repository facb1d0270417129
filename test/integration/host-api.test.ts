/**
 * The workbench API as an adapter calls it (`invoke` with an untrusted payload): validation, unknown
 * methods and runs, state rules (start twice, delete while running), annotations, comparison, and delete
 * removing checkpoint files with the rows.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../src/shared/config/presets';
import type { RunRecord } from '../../src/shared/run';
import { createSearchSpace } from '../../src/core/spaces';
import { createPrng } from '../../src/core/random/prng';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 3, backend: 'cpu' });

describe('workbench API through invoke', () => {
  it('rejects an unknown method and a payload that does not match the schema, naming the field', async () => {
    harness = await openHarness();
    const { workbench } = harness;
    await expect(workbench.invoke('runs.explode', {})).rejects.toThrow('API_UNKNOWN_METHOD: unknown workbench method "runs.explode"');
    await expect(workbench.invoke('toString', {})).rejects.toThrow('API_UNKNOWN_METHOD');
    await expect(workbench.invoke('runs.get', { runId: 'one' })).rejects.toThrow(/API_BAD_REQUEST: runs\.get: .*runId/);
    await expect(workbench.invoke('runs.compare', { runIds: [1, 1], series: 'x', query: { points: 10 } })).rejects.toThrow(
      'runIds must be distinct',
    );
    await expect(workbench.invoke('runs.create', { name: 'x', config: { ...config, seed: -1 } })).rejects.toThrow(/config\.seed/);
  });

  it('creates a run from a validated config, and refuses an unknown dataset or a retrain without its parent', async () => {
    harness = await openHarness();
    const { workbench } = harness;
    const run = (await workbench.invoke('runs.create', { name: '  spaced  ', config })) as RunRecord;
    expect(run).toMatchObject({ name: 'spaced', status: 'created', space: 'micro', strategy: 'enas', preset: 'quick', seed: 3, backend: 'cpu' });
    expect(run.datasetId).not.toBeNull();
    await expect(workbench.invoke('runs.create', { name: 'x', config: { ...config, dataset: 'cifar-nowhere' } })).rejects.toThrow(
      'RUN_DATASET_MISSING: no dataset "cifar-nowhere": import it first (imported here: 1 "tiny"; embedded, imported on first use by `enas search` and `enas serve`: fashion-mnist-small, austen-ptb)',
    );
    if (config.space.space !== 'micro') throw new Error('the quick micro preset resolved to another space');
    const space = createSearchSpace(config.space);
    const arc = space.format(space.sampleUniform(createPrng(5)));
    await expect(workbench.invoke('runs.create', { name: 'x', config, job: { kind: 'retrain', arc } })).rejects.toThrow(
      'a retrain needs parentRunId',
    );
    const retrain = (await workbench.invoke('runs.create', { name: 'retrain', config, job: { kind: 'retrain', arc }, parentRunId: run.id })) as RunRecord;
    expect(retrain.parentRunId).toBe(run.id);
    expect(retrain.config).toMatchObject({ job: { kind: 'retrain', arc } });
  });

  it('refuses before creating anything: an arc that does not parse in the space, and a space that does not suit the dataset', async () => {
    harness = await openHarness();
    const { workbench } = harness;
    const search = (await workbench.invoke('runs.create', { name: 'search', config })) as RunRecord;
    await expect(
      workbench.invoke('runs.create', { name: 'retrain', config, job: { kind: 'retrain', arc: '1 2 3' }, parentRunId: search.id }),
    ).rejects.toThrow(/^ARC_BAD_LENGTH: /);
    const rnn = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'enas', dataset: 'tiny', seed: 3, backend: 'cpu' });
    await expect(workbench.invoke('runs.create', { name: 'rnn on images', config: rnn })).rejects.toThrow(
      'RUN_BAD_CONFIG: dataset "tiny" holds images; the rnn space models text',
    );
    expect((await workbench.invoke('runs.list', {})) as RunRecord[]).toHaveLength(1);
  });

  it('answers RUN_NOT_FOUND for a run that does not exist', async () => {
    harness = await openHarness();
    for (const method of ['runs.get', 'runs.start', 'runs.stop', 'runs.resume', 'runs.delete', 'metrics.seriesNames', 'derived.list']) {
      await expect(harness.workbench.invoke(method, { runId: 404 }), method).rejects.toThrow('RUN_NOT_FOUND: no run with id 404');
    }
  });

  it('renames, tags and annotates a run and pushes each change', async () => {
    harness = await openHarness();
    const h = harness;
    const run = await h.createRun();
    await h.workbench.invoke('runs.rename', { runId: run.id, name: 'better name' });
    await h.workbench.invoke('runs.tag', { runId: run.id, tags: ['baseline', 'cpu'] });
    const noted = (await h.workbench.invoke('runs.notes', { runId: run.id, notes: 'seed 3, "quick"' })) as RunRecord;
    expect(noted).toMatchObject({ name: 'better name', tags: ['baseline', 'cpu'], notes: 'seed 3, "quick"' });
    const pushed = h.events.flatMap((e) => (e.type === 'run-updated' ? [e.run.name] : []));
    expect(pushed).toEqual(['fake run', 'better name', 'better name', 'better name']);
  });

  it('refuses to start a running run or delete it, then deletes it with its checkpoint files once stopped', async () => {
    harness = await openHarness({ behaviour: { steps: 100_000, stepMs: 2, checkpointEvery: 20 } });
    const h = harness;
    const run = await h.createRun();
    await h.workbench.invoke('runs.start', { runId: run.id });
    await expect(h.workbench.invoke('runs.start', { runId: run.id })).rejects.toThrow(`RUN_BAD_STATE: cannot start run ${run.id}: it is running`);
    await expect(h.workbench.invoke('runs.delete', { runId: run.id })).rejects.toThrow('while it is running: stop it first');
    while (h.store.checkpoints.list(run.id).length < 2) await new Promise((r) => setTimeout(r, 20));
    await h.workbench.invoke('runs.stop', { runId: run.id });
    await expect(h.workbench.invoke('runs.stop', { runId: run.id })).rejects.toThrow('RUN_BAD_STATE');
    const files = h.store.checkpoints.list(run.id).map((c) => c.path);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) expect(existsSync(file)).toBe(true);

    await h.workbench.invoke('runs.delete', { runId: run.id });
    expect(h.store.runs.get(run.id)).toBeUndefined();
    for (const file of files) expect(existsSync(file)).toBe(false);
    expect(h.events.at(-1)).toEqual({ type: 'run-deleted', runId: run.id });
    expect(h.store.integrityCheck().ok).toBe(true);
  });

  it('compares the same series of two runs and pages their samples', async () => {
    harness = await openHarness({ behaviour: { steps: 12, checkpointEvery: 0 } });
    const h = harness;
    const a = await h.createRun('a');
    const b = await h.createRun('b');
    for (const run of [a, b]) {
      await h.workbench.invoke('runs.start', { runId: run.id });
      await h.workbench.idle(run.id);
    }
    const compared = (await h.workbench.invoke('runs.compare', { runIds: [b.id, a.id], series: 'child/loss', query: { points: 5 } })) as {
      runId: number;
      total: number;
      steps: number[];
    }[];
    expect(compared.map((s) => [s.runId, s.total, s.steps.length])).toEqual([
      [b.id, 12, 5],
      [a.id, 12, 5],
    ]);
    const page = (await h.workbench.invoke('samples.page', { runId: a.id, sortBy: 'reward', order: 'desc', limit: 3 })) as {
      total: number;
      rows: { reward: number }[];
    };
    expect(page.total).toBe(12);
    expect(page.rows.map((r) => r.reward)).toEqual([0.6, 0.5, 0.4]);
    // Every scored sample of each run, in the order asked, the same rows as the sample pages.
    const rewards = (await h.workbench.invoke('samples.rewards', { runIds: [b.id, a.id] })) as { runId: number; seq: number[]; reward: number[] }[];
    const all = (await h.workbench.invoke('samples.page', { runId: a.id, limit: 1000 })) as { rows: { seq: number; reward: number | null }[] };
    const scored = all.rows.filter((r) => r.reward !== null);
    expect(rewards.map((r) => r.runId)).toEqual([b.id, a.id]);
    expect(rewards[1]).toMatchObject({ seq: scored.map((r) => r.seq), reward: scored.map((r) => r.reward) });
    expect(rewards[1]!.seq.length).toBe(12);
    await expect(h.workbench.invoke('samples.rewards', { runIds: [a.id, 999] })).rejects.toThrow('RUN_NOT_FOUND');
    await expect(h.workbench.invoke('samples.rewards', { runIds: [a.id, a.id] })).rejects.toThrow('runIds must be distinct');
  });
});
