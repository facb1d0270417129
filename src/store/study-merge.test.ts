import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePreset } from '../shared/config/presets';
import type { SampleRecord } from '../shared/run';
import type { StudySpec } from '../shared/study';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

const spec: StudySpec = {
  base: resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', seed: 1, backend: 'cpu' }),
  strategies: ['enas'],
  seeds: 1,
  parallel: 1,
  randomK: null,
};

const sample = (runId: number, seq: number): SampleRecord => ({
  runId, seq, step: seq, arc: '0 1', archId: `micro-${seq}`, reward: 0.5 + seq / 100, baseline: 0.4, logProb: -2, entropy: 1,
  validScore: 0.5, paramCount: 100, status: 'ok', failure: null,
});

let local: TempStore;
let task: TempStore;
let datasetId: number;
let studyId: number;
/** The task's runs: a completed search with a completed retrain, both linked to the study. */
let taskSearch: number;
let taskRetrain: number;

beforeEach(() => {
  local = openTempStore();
  // A Slurm task's database: a rollback journal, as on a network file system.
  task = openTempStore({ journal: 'delete' });
  expect(task.store.pragmas().journalMode).toBe('delete');
  datasetId = local.store.datasets.create({ name: 'synthetic', kind: 'image', format: 'idx', path: 'synthetic', summary: { counts: { train: 1 }, shapes: { image: [8, 8, 1] }, classes: ['a', 'b'] } }).id;
  // A run of the local store's own, so the task's ids (1, 2) are taken here and must be remapped.
  local.store.runs.create(newRun({ name: 'earlier local run' }));
  studyId = local.store.studies.create({ name: 'on slurm', spec, randomK: null, randomKReason: null }).id;

  const taskStudy = task.store.studies.create({ name: 'on slurm', spec, randomK: null, randomKReason: null }).id;
  taskSearch = task.store.studies.createLinkedRun(taskStudy, { strategy: 'enas', seed: 1, role: 'search', slot: 0 }, newRun({ name: 'search' })).id;
  taskRetrain = task.store.studies.createLinkedRun(taskStudy, { strategy: 'enas', seed: 1, role: 'retrain', slot: 0 }, newRun({ name: 'retrain', parentRunId: taskSearch })).id;
  task.store.writeBatch({
    samples: [sample(taskSearch, 0), sample(taskSearch, 1), sample(taskSearch, 2)],
    metrics: [
      { runId: taskSearch, series: 'child/loss', step: 1, value: 2.1 },
      { runId: taskSearch, series: 'child/loss', step: 2, value: 1.9 },
      { runId: taskRetrain, series: 'retrain/test-accuracy', step: 10, value: 0.81 },
    ],
    events: [{ runId: taskSearch, level: 'info', message: 'started' }],
  });
  task.store.derived.replace(taskSearch, [{ rank: 1, arc: '0 1', archId: 'micro-1', score: 0.6 }]);
  task.store.runs.setStatus(taskSearch, 'running');
  task.store.runs.setStatus(taskSearch, 'completed');
});
afterEach(() => {
  local.dispose();
  task.dispose();
});

const count = (table: string): number => {
  const db = new Database(local.file, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('merging a Slurm task database', () => {
  it('adds its completed runs with their rows, linked to the study, remapping ids', () => {
    task.store.runs.setStatus(taskRetrain, 'running');
    task.store.runs.setStatus(taskRetrain, 'completed');
    task.store.close();
    const report = local.store.mergeStudyDatabase(task.file, studyId, datasetId);
    expect(report).toMatchObject({ alreadyPresent: 0, unfinished: 0 });
    expect(report.added).toHaveLength(2);
    const links = local.store.studies.links(studyId);
    expect(links.map((l) => [l.role, l.runId])).toEqual([
      ['search', 2],
      ['retrain', 3],
    ]);
    expect(local.store.runs.get(2)).toMatchObject({ name: 'search', status: 'completed', datasetId, parentRunId: null });
    expect(local.store.runs.get(3)).toMatchObject({ name: 'retrain', status: 'completed', parentRunId: 2 });
    expect(local.store.samples.page({ runId: 2 }).total).toBe(3);
    expect(local.store.metrics.series(2, 'child/loss', { points: 10 }).total).toBe(2);
    expect(local.store.metrics.series(3, 'retrain/test-accuracy', { points: 10 }).total).toBe(1);
    expect(local.store.derived.list(2).map((d) => d.arc)).toEqual(['0 1']);
    expect(local.store.events.list(2).map((e) => e.message)).toEqual(['started']);
    expect(local.store.integrityCheck().ok).toBe(true);
  });

  it('adds nothing when the same file is merged twice', () => {
    task.store.close();
    local.store.mergeStudyDatabase(task.file, studyId, datasetId);
    const rows = ['runs', 'samples', 'metrics', 'metric_series', 'events', 'derived_architectures', 'study_runs'].map(count);
    const again = local.store.mergeStudyDatabase(task.file, studyId, datasetId);
    expect(again).toEqual({ added: [], alreadyPresent: 1, unfinished: 1 });
    expect(['runs', 'samples', 'metrics', 'metric_series', 'events', 'derived_architectures', 'study_runs'].map(count)).toEqual(rows);
  });

  it('leaves an unfinished run out and adds it once a resumed task completed it', () => {
    task.store.runs.setStatus(taskRetrain, 'running');
    task.store.runs.setStatus(taskRetrain, 'interrupted');
    const first = local.store.mergeStudyDatabase(task.file, studyId, datasetId);
    expect(first).toMatchObject({ alreadyPresent: 0, unfinished: 1 });
    expect(local.store.studies.links(studyId).map((l) => l.role)).toEqual(['search']);
    task.store.runs.setStatus(taskRetrain, 'running');
    task.store.runs.setStatus(taskRetrain, 'completed');
    const second = local.store.mergeStudyDatabase(task.file, studyId, datasetId);
    expect(second).toMatchObject({ alreadyPresent: 1, unfinished: 0 });
    expect(second.added).toHaveLength(1);
    expect(local.store.runs.get(3)?.parentRunId).toBe(2);
  });

  it('refuses a file of another schema version, naming it, and adds nothing', () => {
    task.store.close();
    const db = new Database(task.file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => local.store.mergeStudyDatabase(task.file, studyId, datasetId)).toThrow(`SLURM_MERGE_FAILED: ${task.file}: schema version 99 differs`);
    expect(count('runs')).toBe(1);
  });
});

describe('run uuids', () => {
  it('gives every run a distinct one', () => {
    const db = new Database(task.file, { readonly: true });
    try {
      const uuids = db.prepare('SELECT uuid FROM runs').pluck().all() as string[];
      expect(uuids).toHaveLength(2);
      expect(new Set(uuids).size).toBe(2);
      for (const u of uuids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      db.close();
    }
  });
});
