import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePreset } from '../shared/config/presets';
import type { StudySpec } from '../shared/study';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore;
beforeEach(() => {
  t = openTempStore({ now: () => 1_000 });
});
afterEach(() => t.dispose());

const spec: StudySpec = {
  base: resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', seed: 1, backend: 'cpu' }),
  strategies: ['enas', 'random'],
  seeds: 2,
  parallel: 1,
  randomK: null,
};

describe('studies repository', () => {
  it('keeps a study with its spec and k, and lists newest first', () => {
    const first = t.store.studies.create({ name: 'first', spec, randomK: 3, randomKReason: 'k = 3: because' });
    const second = t.store.studies.create({ name: 'second', spec: { ...spec, strategies: ['enas'] }, randomK: null, randomKReason: null });
    expect(t.store.studies.get(first.id)).toEqual({ id: first.id, name: 'first', spec, randomK: 3, randomKReason: 'k = 3: because', createdAt: 1_000 });
    expect(t.store.studies.list().map((s) => s.name)).toEqual(['second', 'first']);
    expect(second.spec.strategies).toEqual(['enas']);
  });

  it('creates a run and its link together, and finds the study of a run', () => {
    const study = t.store.studies.create({ name: 's', spec, randomK: 2, randomKReason: null });
    const run = t.store.studies.createLinkedRun(study.id, { strategy: 'random', seed: 2, role: 'retrain', slot: 1 }, newRun({ strategy: 'random' }));
    expect(t.store.runs.get(run.id)?.strategy).toBe('random');
    const link = { studyId: study.id, runId: run.id, strategy: 'random', seed: 2, role: 'retrain', slot: 1 };
    expect(t.store.studies.links(study.id)).toEqual([link]);
    expect(t.store.studies.linkOf(run.id)).toEqual(link);
    expect(t.store.studies.linkOf(run.id + 100)).toBeUndefined();
  });

  it('refuses a second run for a slot and creates no run then', () => {
    const study = t.store.studies.create({ name: 's', spec, randomK: 2, randomKReason: null });
    const slot = { strategy: 'enas', seed: 1, role: 'search', slot: 0 } as const;
    t.store.studies.createLinkedRun(study.id, slot, newRun());
    const before = t.store.runs.list().length;
    expect(() => t.store.studies.createLinkedRun(study.id, slot, newRun())).toThrow(/STORE_CONFLICT: .*already has a run for enas seed 1 search/);
    expect(t.store.runs.list()).toHaveLength(before);
  });

  it('frees a slot when its run is deleted', () => {
    const study = t.store.studies.create({ name: 's', spec, randomK: 2, randomKReason: null });
    const slot = { strategy: 'enas', seed: 1, role: 'search', slot: 0 } as const;
    const run = t.store.studies.createLinkedRun(study.id, slot, newRun());
    t.store.runs.delete(run.id);
    expect(t.store.studies.links(study.id)).toEqual([]);
    expect(() => t.store.studies.createLinkedRun(study.id, slot, newRun())).not.toThrow();
    expect(t.store.integrityCheck().ok).toBe(true);
  });

  it('orders links by strategy, seed, role and slot', () => {
    const study = t.store.studies.create({ name: 's', spec: { ...spec, strategies: ['random', 'enas'] }, randomK: 2, randomKReason: null });
    t.store.studies.createLinkedRun(study.id, { strategy: 'random', seed: 1, role: 'retrain', slot: 1 }, newRun());
    t.store.studies.createLinkedRun(study.id, { strategy: 'enas', seed: 1, role: 'retrain', slot: 0 }, newRun());
    t.store.studies.createLinkedRun(study.id, { strategy: 'random', seed: 1, role: 'retrain', slot: 0 }, newRun());
    t.store.studies.createLinkedRun(study.id, { strategy: 'enas', seed: 1, role: 'search', slot: 0 }, newRun());
    expect(t.store.studies.links(study.id).map((l) => `${l.strategy} ${l.role} ${l.slot}`)).toEqual([
      'enas search 0',
      'enas retrain 0',
      'random retrain 0',
      'random retrain 1',
    ]);
  });

  it('links runs of every study strategy and lists them in the order of STUDY_STRATEGIES', () => {
    const strategies = ['random', 'parsec', 'random-ws', 'enas-memory', 'enas'] as const;
    const study = t.store.studies.create({ name: 's', spec: { ...spec, strategies: [...strategies] }, randomK: 1, randomKReason: null });
    for (const seed of [2, 1]) {
      for (const strategy of strategies) {
        t.store.studies.createLinkedRun(study.id, { strategy, seed, role: strategy === 'random' ? 'retrain' : 'search', slot: 0 }, newRun());
      }
    }
    expect(t.store.studies.links(study.id).map((l) => `${l.strategy} ${l.seed}`)).toEqual([
      'enas 1', 'enas 2', 'enas-memory 1', 'enas-memory 2', 'parsec 1', 'parsec 2', 'random-ws 1', 'random-ws 2', 'random 1', 'random 2',
    ]);
    expect(t.store.studies.get(study.id)?.spec.strategies).toEqual(strategies);
  });
});
