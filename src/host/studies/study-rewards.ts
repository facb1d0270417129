/**
 * Reward-per-sample curves of a study, grouped by strategy: for each weight-sharing strategy, the rewards of
 * every seed's search in sample order (the i-th scored sample of seed 1 against the i-th of seed 2), averaged
 * in buckets of consecutive samples and then summarised as mean ± std over seeds per bucket. A band that
 * rises for `enas` and stays flat for `random-ws` is the controller learning (Pham et al. 2018, Fig. 5);
 * bands that overlap are what Li & Talwalkar (2019) report. `random` has no search and no curve.
 */
import type { StudyRecord, StudyRewardCurve } from '../../shared/study';
import type { Store } from '../../store/store';
import { sampleStd } from './statistics/paired-tests';

const PAGE = 1000;

/** Rewards of a run's scored samples (reward not null), in sample order. */
function rewardsOf(store: Store, runId: number): number[] {
  const rewards: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = store.samples.page({ runId, sortBy: 'seq', order: 'asc', status: 'ok', offset, limit: PAGE });
    for (const row of page.rows) if (row.reward !== null) rewards.push(row.reward);
    if (offset + PAGE >= page.total) return rewards;
  }
}

export function studyRewardCurves(store: Store, study: StudyRecord, maxPoints: number): StudyRewardCurve[] {
  const links = store.studies.links(study.id);
  return study.spec.strategies
    .filter((s) => s !== 'random')
    .map((strategy): StudyRewardCurve => {
      const searches = links.filter((l) => l.strategy === strategy && l.role === 'search');
      const perSeed = searches.map((l) => ({ seed: l.seed, rewards: rewardsOf(store, l.runId) })).filter((s) => s.rewards.length > 0);
      const longest = Math.max(0, ...perSeed.map((s) => s.rewards.length));
      const bucket = Math.max(1, Math.ceil(longest / maxPoints));
      const x: number[] = [];
      const mean: number[] = [];
      const std: (number | null)[] = [];
      const n: number[] = [];
      for (let start = 0; start < longest; start += bucket) {
        const values = perSeed.flatMap((s) => {
          const part = s.rewards.slice(start, start + bucket);
          return part.length === 0 ? [] : [part.reduce((a, b) => a + b, 0) / part.length];
        });
        x.push(start + (Math.min(bucket, longest - start) - 1) / 2);
        mean.push(values.reduce((a, b) => a + b, 0) / values.length);
        std.push(sampleStd(values));
        n.push(values.length);
      }
      return { strategy, seeds: perSeed.map((s) => s.seed), samplesPerPoint: bucket, x, mean, std, n };
    });
}
