import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../shared/config/presets';
import type { StudySpec, StudyStrategy } from '../../shared/study';
import { newRun, openTempStore } from '../../store/temp-store';
import type { TempStore } from '../../store/temp-store';
import { toStoredConfig } from '../stored-config';
import { computeStudyResult } from './study-results';

let t: TempStore;
let clock = 1_000;
beforeEach(() => {
  clock = 1_000;
  t = openTempStore({ now: () => clock });
});
afterEach(() => t.dispose());

const base = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', seed: 1, backend: 'cpu' });
const spec = (strategies: StudyStrategy[], seeds: number): StudySpec => ({
  base: { ...base, retrain: { ...base.retrain, epochs: 2 } },
  strategies,
  seeds,
  parallel: 1,
  randomK: null,
});

/** A completed retrain run of `slot` with 2 epochs × 3 steps of `losses` and its final test accuracy. */
function retrainRun(studyId: number, strategy: StudyStrategy, seed: number, slot: number, losses: number[], testAccuracy: number, arc?: string): number {
  const config = arc === undefined ? {} : { config: toStoredConfig(base, { kind: 'retrain', arc }) };
  const run = t.store.studies.createLinkedRun(studyId, { strategy, seed, role: 'retrain', slot }, newRun({ strategy, ...config }));
  t.store.runs.setStatus(run.id, 'running');
  clock += 10_000;
  t.store.writeBatch({
    metrics: [
      ...losses.map((value, step) => ({ runId: run.id, series: 'retrain/loss', step, value })),
      { runId: run.id, series: 'retrain/test-accuracy', step: losses.length - 1, value: testAccuracy },
    ],
  });
  t.store.runs.setStatus(run.id, 'completed');
  return run.id;
}

describe('study results', () => {
  it('scores a random seed by its lowest final-epoch training loss, never by the best test score', () => {
    const study = t.store.studies.create({ name: 's', spec: spec(['random'], 1), randomK: 2, randomKReason: 'k = 2' });
    // Architecture 1: lower loss over the whole run, but the final epoch (steps 3..5) is worse; test 0.9.
    retrainRun(study.id, 'random', 1, 0, [0.1, 0.1, 0.1, 0.9, 0.9, 0.9], 0.9);
    // Architecture 2: final epoch mean 0.5; test 0.6 → the one reported.
    retrainRun(study.id, 'random', 1, 1, [2, 2, 2, 0.5, 0.5, 0.5], 0.6);
    const result = computeStudyResult(t.store, study, false);
    const random = result.strategies[0];
    expect(random?.values).toEqual([0.6]);
    expect(random?.candidates.map((c) => [c.score, c.selectionLoss])).toEqual([
      [0.9, 0.9],
      [0.6, 0.5],
    ]);
    expect(random?.cost.searchChildSteps).toBe(12);
    expect(random?.cost.searchWallS).toBe(20);
    expect(result.study).toMatchObject({ status: 'completed', plannedRuns: 2, completedRuns: 2 });
  });

  it('pairs seeds, leaves out unfinished ones and says the study is incomplete', () => {
    const study = t.store.studies.create({ name: 's', spec: spec(['random', 'enas'], 3), randomK: 1, randomKReason: null });
    for (const [seed, accuracy] of [[1, 0.8], [2, 0.7], [3, 0.75]] as const) retrainRun(study.id, 'random', seed, 0, [1, 1, 1, 1, 1, 1], accuracy);
    for (const [seed, accuracy] of [[1, 0.9], [3, 0.95]] as const) {
      t.store.studies.createLinkedRun(study.id, { strategy: 'enas', seed, role: 'search', slot: 0 }, newRun());
      const run = t.store.studies.createLinkedRun(study.id, { strategy: 'enas', seed, role: 'retrain', slot: 0 }, newRun());
      t.store.writeBatch({ metrics: [{ runId: run.id, series: 'retrain/test-accuracy', step: 0, value: accuracy }] });
      t.store.runs.setStatus(run.id, 'completed');
    }
    const result = computeStudyResult(t.store, study, false);
    const [random, enas] = result.strategies;
    expect(enas?.values).toEqual([0.9, 0.95]);
    expect(enas?.seeds).toEqual([1, 3]);
    expect(random?.n).toBe(3);
    // Seeds 1 and 3 pair: differences 0.8 − 0.9 and 0.75 − 0.95.
    expect(random?.pairedTests[0]).toMatchObject({ against: 'enas', n: 2, tTestP: null, permutationP: 0.5 });
    expect(random?.pairedTests[0]?.meanDifference).toBeCloseTo(-0.15, 12);
    expect(result.study).toMatchObject({ status: 'incomplete', plannedRuns: 3 + 3 * 3, completedRuns: 5 });
  });

  it('measures each supernet’s fidelity as Kendall τ between its scores and the retrained test scores', () => {
    const study = t.store.studies.create({ name: 's', spec: spec(['enas', 'random'], 1), randomK: 3, randomKReason: null });
    const arcs = ['0 0 0 0', '1 1 1 1', '2 2 2 2'];
    arcs.forEach((arc, slot) => retrainRun(study.id, 'random', 1, slot, [1, 1, 1, 1, 1, 1], [0.5, 0.6, 0.7][slot] ?? 0, arc));
    t.store.studies.createLinkedRun(study.id, { strategy: 'enas', seed: 1, role: 'search', slot: 0 }, newRun());
    const score = t.store.studies.createLinkedRun(study.id, { strategy: 'enas', seed: 1, role: 'score', slot: 0 }, newRun());
    // Supernet scores 0.1, 0.3, 0.2 against test 0.5, 0.6, 0.7: 2 concordant pairs, 1 discordant → τ = 1/3.
    t.store.writeBatch({
      samples: arcs.map((arc, seq) => ({
        runId: score.id, seq, step: 0, arc, archId: `micro-${seq}`, reward: null, baseline: null, logProb: null, entropy: null,
        validScore: [0.1, 0.3, 0.2][seq] ?? 0, paramCount: null, status: 'ok' as const, failure: null,
      })),
    });
    t.store.runs.setStatus(score.id, 'running');
    t.store.runs.setStatus(score.id, 'completed');
    const enas = computeStudyResult(t.store, study, false).strategies.find((s) => s.name === 'enas');
    expect(enas?.fidelity?.perSeed).toEqual([{ seed: 1, runId: score.id, tau: expect.closeTo(1 / 3, 12) as number, n: 3 }]);
    expect(enas?.fidelity?.meanTau).toBeCloseTo(1 / 3, 12);
  });
});
