/**
 * One contract suite, run against both transports of the workbench API (the WebSocket for real, Electron
 * IPC over a fake ipcMain/ipcRenderer pair): every method answers through the renderer's bridge exactly what
 * the host's handler answers, errors arrive with their code and message, a save method writes where the
 * adapter chose, and every pushed event arrives, in order, equal to what the host emitted.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbenchApi } from '../../src/shared/api';
import type { ApiMethod, ApiRequest, ApiResponse, WorkbenchEvent } from '../../src/shared/api';
import { API_METHODS } from '../../src/shared/api/transport';
import type { UiRequest } from '../../src/shared/api/transport';
import { resolvePreset } from '../../src/shared/config/presets';
import type { NamedTensor } from '../../src/host/exports/safetensors';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';
import { openTransport, rejection } from './server-transports';
import type { TransportKind, TransportUnderTest } from './server-transports';

/** The fake trainer's checkpoints are JSON `{ weights: { name: number[] } }`. */
function readFakeWeights(checkpoint: Uint8Array): NamedTensor[] {
  const { weights } = JSON.parse(new TextDecoder().decode(checkpoint)) as { weights: Record<string, number[]> };
  return Object.entries(weights).map(([name, values]) => ({ name, dtype: 'F32', shape: [values.length], data: new Float32Array(values) }));
}

/** A body of one chunk, as the upload area reads an HTTP request. */
async function* toAsync(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 5, backend: 'cpu' });

describe.each<TransportKind>(['websocket', 'ipc'])('the workbench API over %s', (kind) => {
  let h: Harness;
  let t: TransportUnderTest;
  const pushed: WorkbenchEvent[] = [];
  const called = new Set<ApiMethod>();

  const call = <M extends ApiMethod>(method: M, request: UiRequest<M>): Promise<ApiResponse<M>> => {
    called.add(method);
    return t.bridge.call(method, request);
  };
  /** What the host's handler answers for the same request, defaults applied as the adapter applies them. */
  const direct = <M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> => {
    const handler = h.workbench.handlers[method] as (r: unknown) => Promise<ApiResponse<M>>;
    return handler(workbenchApi[method].request.parse(request));
  };

  beforeAll(async () => {
    h = await openHarness({
      behaviour: { steps: 40, stepMs: 5, checkpointEvery: 10, epochSteps: 10 },
      workbench: { readCheckpointWeights: readFakeWeights },
    });
    t = await openTransport(kind, h.workbench, h.dir);
    t.bridge.onEvents((events) => pushed.push(...events));
  });
  afterAll(async () => {
    await t?.close();
    await h?.dispose();
  });

  it('answers every run lifecycle call as the host does', async () => {
    expect(await call('runs.list', {})).toEqual([]);
    const a = await call('runs.create', { name: 'run a', config });
    expect(a).toEqual(h.store.runs.get(a.id));
    expect((await call('runs.start', { runId: a.id })).status).toBe('running');
    await h.workbench.idle(a.id);
    const b = await call('runs.create', { name: 'run b', config, tags: ['cpu'] });
    await call('runs.start', { runId: b.id });
    await h.workbench.idle(b.id);
    expect(await call('runs.get', { runId: a.id })).toEqual(await direct('runs.get', { runId: a.id }));
    expect((await call('runs.get', { runId: a.id })).run.status).toBe('completed');

    const c = await call('runs.create', { name: 'run c', config });
    await call('runs.start', { runId: c.id });
    await h.waitFor(c.id, ['running']);
    while (h.store.checkpoints.list(c.id).length < 1) await new Promise((r) => setTimeout(r, 10));
    expect((await call('runs.stop', { runId: c.id })).status).toBe('stopped');
    expect((await call('runs.resume', { runId: c.id })).status).toBe('running');
    await h.workbench.idle(c.id);

    expect(await call('runs.rename', { runId: a.id, name: 'run a, renamed' })).toMatchObject({ name: 'run a, renamed' });
    expect(await call('runs.tag', { runId: a.id, tags: ['baseline', '<b>bold</b>'] })).toMatchObject({ tags: ['baseline', '<b>bold</b>'] });
    expect(await call('runs.notes', { runId: a.id, notes: 'ünïcödé "quoted"\nline 2' })).toMatchObject({ notes: 'ünïcödé "quoted"\nline 2' });
    expect(await call('runs.list', {})).toEqual(await direct('runs.list', {}));
    expect(await call('runs.events', { runId: c.id })).toEqual(await direct('runs.events', { runId: c.id }));
    expect(await call('runs.delete', { runId: c.id })).toEqual({ runId: c.id });
    expect(h.store.runs.get(c.id)).toBeUndefined();
  });

  it('answers every query as the host does', async () => {
    const [a, b] = (await call('runs.list', {})).map((r) => r.id).sort((x, y) => x - y);
    if (a === undefined || b === undefined) throw new Error('the lifecycle test creates two runs');
    expect(await call('metrics.seriesNames', { runId: a })).toEqual(await direct('metrics.seriesNames', { runId: a }));
    const series = await call('metrics.series', { runId: a, series: 'child/loss', query: { points: 10 } });
    expect(series).toEqual(await direct('metrics.series', { runId: a, series: 'child/loss', query: { points: 10 } }));
    expect(series.steps).toHaveLength(10);
    const page = await call('samples.page', { runId: a, sortBy: 'reward', order: 'desc', limit: 5 });
    expect(page).toEqual(await direct('samples.page', { runId: a, sortBy: 'reward', order: 'desc', limit: 5 }));
    expect(page.total).toBe(40);
    expect(await call('derived.list', { runId: a })).toEqual(await direct('derived.list', { runId: a }));
    expect(await call('health.get', { runId: a })).toEqual(await direct('health.get', { runId: a }));
    expect(await call('analysis.controller', { runId: a })).toEqual(await direct('analysis.controller', { runId: a }));
    expect(await call('samples.rewards', { runIds: [a, b] })).toEqual(await direct('samples.rewards', { runIds: [a, b] }));
    const front = await call('samples.front', { runId: a, cost: 'flops' });
    expect(front).toEqual(await direct('samples.front', { runId: a, cost: 'flops' }));
    expect(front).toMatchObject({ runId: a, cost: 'flops' });
    const compared = await call('runs.compare', { runIds: [b, a], series: 'child/accuracy', query: { points: 5 } });
    expect(compared).toEqual(await direct('runs.compare', { runIds: [b, a], series: 'child/accuracy', query: { points: 5 } }));
    expect(await call('datasets.list', {})).toEqual(await direct('datasets.list', {}));
  });

  it('imports a dropped dataset and pushes it to the UI', async () => {
    const folder = join(h.dir, 'drop', 'tiny-ptb');
    mkdirSync(folder, { recursive: true });
    for (const split of ['train', 'valid', 'test']) writeFileSync(join(folder, `${split}.txt`), 'the cat sat\non the mat\n');
    const dataset = await call('datasets.import', { path: t.dropped(folder), name: 'tiny ptb' });
    expect(dataset).toMatchObject({ name: 'tiny ptb', kind: 'text', format: 'text', summary: { counts: { train: 8 } } });
    expect((await call('datasets.list', {})).map((d) => d.name)).toContain('tiny ptb');
    const preview = await call('datasets.preview', { datasetId: dataset.id });
    expect(preview).toEqual(await direct('datasets.preview', { datasetId: dataset.id }));
    expect(preview).toMatchObject({ kind: 'text', sample: 'the cat sat\non the mat' });
  });

  it('imports what a browser uploaded and removes the upload', async () => {
    const uploadId = await h.workbench.uploads.create();
    for (const split of ['train', 'valid', 'test']) {
      await h.workbench.uploads.write(uploadId, `up-ptb/${split}.txt`, toAsync(new TextEncoder().encode('a b\nc d\n')));
    }
    const dataset = await call('datasets.importUpload', { uploadId });
    expect(dataset).toMatchObject({ name: 'up-ptb', kind: 'text', summary: { counts: { train: 6 } } });
    expect(h.workbench.uploads.has(uploadId)).toBe(false);
    expect(existsSync(join(h.workbench.uploads.root, uploadId))).toBe(false);
  });

  it('writes every export where the adapter chose and never where the UI says', async () => {
    const [a] = (await call('runs.list', {})).map((r) => r.id).sort((x, y) => x - y);
    if (a === undefined) throw new Error('the lifecycle test creates a run');
    const results = [
      await call('exports.run', { runId: a }),
      await call('exports.metrics', { runId: a }),
      await call('exports.samples', { runId: a }),
      await call('exports.architectures', { runId: a, format: 'arc' }),
      await call('exports.weights', { runId: a }),
    ];
    expect(results.map((r) => r.file.slice(join(h.dir, 'exports').length + 1))).toEqual([
      `run-${a}.json`,
      `run-${a}-metrics.csv`,
      `run-${a}-samples.csv`,
      `run-${a}-architectures.txt`,
      `run-${a}-weights.safetensors`,
    ]);
    for (const result of results) {
      expect(existsSync(result.file)).toBe(true);
      expect(result.bytes).toBeGreaterThan(0);
    }
    const again = await call('exports.run', { runId: a });
    expect(again.file).toMatch(/run-\d+ \(2\)\.json$/);
    const named = await rejection(t.bridge.call('exports.run', { runId: a, file: '/tmp/evil.json' } as UiRequest<'exports.run'>));
    expect(named.code).toBe('API_BAD_REQUEST');
    expect(existsSync('/tmp/evil.json')).toBe(false);
  });

  it('answers every study call as the host does', async () => {
    const study = await call('studies.create', { name: 'contract', spec: { base: config, strategies: ['enas', 'random'], seeds: 1, randomK: 1 } });
    expect(study).toEqual(h.store.studies.get(study.id));
    await h.workbench.studyIdle(study.id);
    const result = await call('studies.get', { studyId: study.id });
    expect(result).toEqual(await direct('studies.get', { studyId: study.id }));
    expect(result.study).toMatchObject({ status: 'completed', plannedRuns: 4, completedRuns: 4 });
    expect(await call('studies.rewards', { studyId: study.id, points: 10 })).toEqual(await direct('studies.rewards', { studyId: study.id, points: 10 }));
    const runId = result.strategies[0]?.runs[0]?.runId ?? 0;
    expect(await call('studies.ofRun', { runId })).toMatchObject({ studyId: study.id, strategy: 'enas', role: 'search' });
    // A study that runs in the host has no Slurm tasks, and Slurm calls on it are refused with that reason.
    expect(await call('studies.slurm', { studyId: study.id })).toBeNull();
    for (const refused of [call('studies.slurmRefresh', { studyId: study.id }), call('studies.slurmCancel', { studyId: study.id, task: 0 })]) {
      const err = await rejection(refused);
      expect([err.code, err.message]).toEqual(['STUDY_BAD_STATE', `STUDY_BAD_STATE: study ${study.id} runs in the workbench, not on Slurm`]);
    }

    const second = await call('studies.create', { spec: { base: config, strategies: ['random'], seeds: 2, randomK: 1 } });
    expect((await call('studies.stop', { studyId: second.id })).status).toBe('incomplete');
    expect((await call('studies.resume', { studyId: second.id })).status).toBe('running');
    await h.workbench.studyIdle(second.id);
    expect(await call('studies.list', {})).toEqual(await direct('studies.list', {}));
    expect((await call('studies.list', {})).map((s) => [s.id, s.status])).toEqual([
      [second.id, 'completed'],
      [study.id, 'completed'],
    ]);
  });

  it('carries errors with their code and message, as the host threw them', async () => {
    const missing = await rejection(call('runs.get', { runId: 404 }));
    expect([missing.code, missing.message]).toEqual(['RUN_NOT_FOUND', 'RUN_NOT_FOUND: no run with id 404']);
    const bad = await rejection(t.bridge.call('runs.get', { runId: 'one' } as unknown as UiRequest<'runs.get'>));
    expect(bad.code).toBe('API_BAD_REQUEST');
    expect(bad.message).toMatch(/runId/);
    const unknown = await rejection(t.bridge.call('runs.explode' as ApiMethod, {} as UiRequest<'runs.list'>));
    expect([unknown.code, unknown.message]).toEqual(['API_UNKNOWN_METHOD', 'API_UNKNOWN_METHOD: unknown workbench method "runs.explode"']);
  });

  it('has exercised every method of the API', () => {
    expect([...called].sort()).toEqual([...API_METHODS].sort());
  });

  it('has pushed every event the host emitted, in order, unchanged', async () => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(pushed.length).toBeGreaterThan(100);
    expect(pushed).toEqual(h.events);
    expect(pushed.map((e) => e.type)).toEqual(expect.arrayContaining(['run-updated', 'trainer-event', 'run-deleted', 'dataset-imported']));
  });
});
