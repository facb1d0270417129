/**
 * A study's result table, read from the store: per strategy the final retrained test score of every finished
 * seed, mean ± std, the paired tests against every other strategy (seeds paired), the search cost, and how
 * to read it.
 *
 * The score of a seed:
 * - a search strategy (`enas`, `enas-memory`, `parsec`, `random-ws`): the test score of the retrain of the
 *   search's best derived architecture.
 * - `random`: of its k retrained architectures, the one with the lowest selection loss: the validation
 *   perplexity for text (a text retrain keeps the validation split), and for images, whose retrain trains on
 *   train + valid, the mean training loss of the final epoch. Never the test score itself: choosing by it
 *   would report the best of k draws of test noise.
 */
import { RETRAIN_TEST_SERIES } from '../../shared/run';
import type { RunRecord, RunStatus } from '../../shared/run';
import type { StudyRecord, StudyResult, StudyRunLink, StudyStatus, StudyStrategy, StudyStrategyResult } from '../../shared/study';
import type { Store } from '../../store/store';
import { fromStoredConfig } from '../stored-config';
import { kendallTauB } from './statistics/kendall-tau';
import { describeValues, pairedTest } from './statistics/paired-tests';

interface SeedCost {
  searchWallS: number | null;
  searchChildSteps: number | null;
  retrainWallS: number | null;
  retrainSteps: number | null;
}

function durationS(run: RunRecord | undefined): number | null {
  return run?.startedAt === null || run?.startedAt === undefined || run.endedAt === null ? null : (run.endedAt - run.startedAt) / 1000;
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);
}

function meanOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((s, v) => s + v, 0) / known.length;
}

/** Runs the plan has for `strategy`: search + retrain (+ score with `random`) per seed, or k retrains per seed. */
function plannedRunsOf(study: StudyRecord, strategy: StudyStrategy): number {
  if (strategy === 'random') return study.spec.seeds * (study.randomK ?? 1);
  return study.spec.seeds * (study.spec.strategies.includes('random') ? 3 : 2);
}

const normalArc = (arc: string): string => arc.trim().split(/\s+/).join(' ');

export function studyStatus(study: StudyRecord, links: readonly StudyRunLink[], statusOf: (runId: number) => RunStatus | null, running: boolean) {
  const planned = study.spec.strategies.reduce((n, s) => n + plannedRunsOf(study, s), 0);
  const completed = links.filter((l) => statusOf(l.runId) === 'completed').length;
  const failed = links.filter((l) => statusOf(l.runId) === 'failed').length;
  const status: StudyStatus = running ? 'running' : completed === planned ? 'completed' : 'incomplete';
  return { status, plannedRuns: planned, completedRuns: completed, failedRuns: failed };
}

export function computeStudyResult(store: Store, study: StudyRecord, running: boolean): StudyResult {
  const text = study.spec.base.space.space === 'rnn';
  const score = text ? { series: RETRAIN_TEST_SERIES.perplexity, higherIsBetter: false } : { series: RETRAIN_TEST_SERIES.accuracy, higherIsBetter: true };
  const links = store.studies.links(study.id);
  const runs = new Map<number, RunRecord>();
  for (const link of links) {
    const run = store.runs.get(link.runId);
    if (run !== undefined) runs.set(link.runId, run);
  }
  const statusOf = (runId: number): RunStatus | null => runs.get(runId)?.status ?? null;
  const last = (runId: number, series: string): { value: number | null; total: number; lastStep: number | null } => {
    const s = store.metrics.series(runId, series, { points: 3 });
    return { value: s.values.at(-1) ?? null, total: s.total, lastStep: s.steps.at(-1) ?? null };
  };
  const finalScore = (runId: number): number | null => (statusOf(runId) === 'completed' ? last(runId, score.series).value : null);
  const steps = (runId: number, series: string): number | null => (runs.has(runId) ? last(runId, series).total : null);
  const selectionLoss = (runId: number, config: StudyRecord['spec']['base']): number | null => {
    if (statusOf(runId) !== 'completed') return null;
    if (text) return last(runId, 'retrain/valid-perplexity').value;
    const loss = last(runId, 'retrain/loss');
    if (loss.lastStep === null || loss.total === 0) return null;
    const perEpoch = Math.max(1, Math.floor(loss.total / config.retrain.epochs));
    const finalEpoch = store.metrics.series(runId, 'retrain/loss', { points: Math.max(3, perEpoch), fromStep: loss.lastStep - perEpoch + 1 });
    return meanOrNull(finalEpoch.values);
  };

  const perStrategy = study.spec.strategies.map((name) => {
    const mine = links.filter((l) => l.strategy === name);
    const values: (number | null)[] = [];
    const costs: SeedCost[] = [];
    const candidates: StudyStrategyResult['candidates'] = [];
    for (let seed = 1; seed <= study.spec.seeds; seed++) {
      const ofSeed = mine.filter((l) => l.seed === seed);
      if (name === 'random') {
        const scored = ofSeed.map((l) => ({ seed, runId: l.runId, score: finalScore(l.runId), selectionLoss: selectionLoss(l.runId, study.spec.base) }));
        candidates.push(...scored);
        const complete = scored.length === (study.randomK ?? 1) && scored.every((c) => c.score !== null && c.selectionLoss !== null);
        const chosen = complete ? [...scored].sort((a, b) => (a.selectionLoss ?? 0) - (b.selectionLoss ?? 0))[0] : undefined;
        values.push(chosen?.score ?? null);
        if (complete) {
          costs.push({
            searchWallS: sumOrNull(ofSeed.map((l) => durationS(runs.get(l.runId)))),
            searchChildSteps: sumOrNull(ofSeed.map((l) => steps(l.runId, 'retrain/loss'))),
            retrainWallS: null,
            retrainSteps: null,
          });
        }
      } else {
        const search = ofSeed.find((l) => l.role === 'search');
        const retrain = ofSeed.find((l) => l.role === 'retrain');
        const value = retrain === undefined ? null : finalScore(retrain.runId);
        values.push(value);
        if (value !== null && search !== undefined && retrain !== undefined) {
          costs.push({
            searchWallS: durationS(runs.get(search.runId)),
            searchChildSteps: steps(search.runId, 'child/loss'),
            retrainWallS: durationS(runs.get(retrain.runId)),
            retrainSteps: steps(retrain.runId, 'retrain/loss'),
          });
        }
      }
    }
    return { name, values, costs, candidates, links: mine };
  });

  // The retrained test score of every random architecture, by arc: what each supernet's ranking is held against.
  const retrained = new Map<string, number>();
  for (const link of links.filter((l) => l.strategy === 'random')) {
    const run = runs.get(link.runId);
    const value = finalScore(link.runId);
    if (run === undefined || value === null) continue;
    let job: ReturnType<typeof fromStoredConfig>['job'];
    try {
      ({ job } = fromStoredConfig(run));
    } catch {
      continue; // A config that no longer parses has no arc to match; the run still counts in its seed.
    }
    if (job.kind === 'retrain') retrained.set(normalArc(job.arc), value);
  }
  const fidelityOf = (strategy: StudyStrategy): StudyStrategyResult['fidelity'] => {
    if (strategy === 'random' || !study.spec.strategies.includes('random')) return null;
    const perSeed = links
      .filter((l) => l.strategy === strategy && l.role === 'score' && statusOf(l.runId) === 'completed')
      .map((l) => {
        const supernet: number[] = [];
        const test: number[] = [];
        const page = store.samples.page({ runId: l.runId, sortBy: 'seq', status: 'ok', limit: 1000 });
        for (const sample of page.rows) {
          const value = retrained.get(normalArc(sample.arc));
          if (sample.validScore === null || value === undefined) continue;
          supernet.push(sample.validScore);
          test.push(value);
        }
        return { seed: l.seed, runId: l.runId, tau: supernet.length < 2 ? null : kendallTauB(supernet, test), n: supernet.length };
      });
    return { perSeed, meanTau: meanOrNull(perSeed.map((p) => p.tau)) };
  };

  const strategies = perStrategy.map((s): StudyStrategyResult => {
    const seeds = s.values.flatMap((v, i) => (v === null ? [] : [i + 1]));
    const values = s.values.filter((v): v is number => v !== null);
    const { n, mean, std } = describeValues(values);
    return {
      name: s.name,
      n,
      mean,
      std,
      values,
      seeds,
      pairedTests: perStrategy.filter((o) => o.name !== s.name).map((o) => ({ against: o.name, ...pairedTest(s.values, o.values) })),
      cost: {
        searchWallS: meanOrNull(s.costs.map((c) => c.searchWallS)),
        searchChildSteps: meanOrNull(s.costs.map((c) => c.searchChildSteps)),
        retrainWallS: meanOrNull(s.costs.map((c) => c.retrainWallS)),
        retrainSteps: meanOrNull(s.costs.map((c) => c.retrainSteps)),
      },
      candidates: s.candidates,
      fidelity: fidelityOf(s.name),
      runs: s.links.map((l) => ({ ...l, status: statusOf(l.runId) })),
    };
  });

  const notes = [
    `score: ${score.series} of each seed's retrained architecture (${score.higherIsBetter ? 'higher' : 'lower'} is better); seeds are paired across strategies (seed i against seed i)`,
    'paired tests: Student’s paired t-test (from n ≥ 3) and Fisher’s exact sign-flip permutation test; differences are this strategy minus the other',
    'cost per finished seed, mean over seeds: wall time from a run’s first start to its end (time a killed run waited for its resume included), child steps = shared-weight training steps of the search (child/loss points) and training steps of the retrain',
  ];
  if (study.spec.strategies.includes('random')) {
    notes.push(
      'fidelity: Kendall τ_b between a search’s final supernet score (validation accuracy or perplexity on the derive subset) of every random architecture and its retrained test score, per seed, and the mean over seeds (1: the supernet ranks as retraining does; 0: unrelated)',
      `random: ${study.randomKReason ?? `k = ${study.randomK ?? 1}`}`,
      `random: each seed reports the one of its k retrained architectures with the lowest ${text ? 'validation perplexity' : 'final-epoch training loss (an image retrain trains on train + valid, so there is no validation score)'}, never the best test score; its search cost is all k retrains, its retrain cost is counted there`,
    );
  }
  const isMinN = strategies.every((s) => s.n < 3);
  if (isMinN) notes.push('fewer than 3 finished seeds per strategy: no t-test, and the exact test’s smallest attainable p is 0.5 or more: nothing can be concluded; run more seeds');
  return {
    study: { ...study, ...studyStatus(study, links, statusOf, running) },
    score,
    strategies,
    notes,
  };
}
