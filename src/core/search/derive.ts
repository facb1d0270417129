/**
 * Deriving the final architecture (Pham et al. 2018, §2.2 "Deriving Architectures"): sample candidates from
 * the trained policy, score each with the shared weights on the same validation subset, keep the best.
 * Duplicates (same archId) are scored once.
 *
 * With `deriveRescoreTopN` > 0 the derive has Li & Talwalkar's (2019, §4) two stages: the candidates are
 * screened on `deriveBatchSize` examples, then the best N are scored again on `deriveRescoreBatchSize`
 * examples (the whole validation split when null) and ranked by that. For random-ws the candidates are
 * uniform samples, which is their final stage; enas gets the same two stages over its policy's samples.
 *
 * Candidates are ranked by the search objective's reward (objective-reward.ts), the quantity the strategy
 * maximised, so a `budget` search never derives an architecture above its limit while one within it scored,
 * and a `weighted` one trades accuracy for cost as its rewards did; under `accuracy` that is the score itself
 * (rnn: rewardC / perplexity, the same order). Ties (over-budget candidates all at 0) fall back to the score.
 *
 * After the search, derive is also where the final policy is checked against uniform sampling (search
 * health): a strategy that learns a policy gets as many uniform samples scored on the same screening
 * examples with the same weights, and the two groups go to a permutation test.
 */
import type { SearchSchedule } from '../../shared/config/run';
import type { Strategy } from '../strategy/strategy';
import type { SearchSpace } from '../spaces/search-space';
import type { SearchHooks, StopSignal } from './search-hooks';
import { sampleEvent } from './search-loop';
import type { SearchTask } from './search-task';
import { NO_HEALTH, SEARCH_STREAMS, parameterFreeShare, summarizeHealth, uniformTokens } from './search-health';
import type { HealthProgress } from './search-health';
import { latencyMeterFor } from './latency-meter';
import { objectiveReward } from './objective-reward';
import type { ObjectiveCost } from './objective-reward';

export interface DerivedArchitecture {
  readonly rank: number;
  readonly arc: string;
  readonly archId: string;
  /** Validation accuracy (images) or perplexity (text) on the derive subset (the re-scoring one, if any). */
  readonly score: number;
}

export interface DeriveArgs {
  readonly task: SearchTask;
  readonly strategy: Strategy;
  readonly space: SearchSpace<unknown>;
  readonly schedule: SearchSchedule;
  readonly hooks: Pick<SearchHooks, 'emit'>;
  readonly signal: StopSignal;
  readonly clock: () => number;
  /** Sequence number and step the derive samples are reported under. */
  readonly seq: number;
  readonly step: number;
  readonly epoch: number;
  /** The run's seed (the uniform comparison group is drawn from a stream of it). */
  readonly seed: number;
  /** What the search measured of its health; the derive completes it. */
  readonly health?: HealthProgress;
}

interface Candidate {
  readonly arc: string;
  readonly tokens: readonly number[];
  readonly score: number;
  /** The search objective's reward of `score` and the candidate's cost: what the candidates are ranked by. */
  readonly objective: number;
}

export async function deriveArchitectures(args: DeriveArgs): Promise<DerivedArchitecture[]> {
  const { task, strategy, space, schedule, hooks } = args;
  const latency = latencyMeterFor(task, space, schedule);
  const learnsPolicy = strategy.phase.updates > 0;
  const rescoreN = schedule.deriveRescoreTopN;
  const total = schedule.deriveSamples + rescoreN + (learnsPolicy ? schedule.deriveSamples : 0);
  const started = args.clock();
  let done = 0;
  const progress = (): void => {
    done += 1;
    hooks.emit({
      type: 'progress',
      stage: 'derive',
      epoch: 0,
      epochs: 1,
      done,
      total,
      etaS: (((args.clock() - started) / done) * (total - done)) / 1000,
    });
  };

  // Stage 1: the strategy's candidates on the screening subset.
  const scored = new Map<string, Candidate>();
  const policyScores: number[] = [];
  const policyArcs: (readonly number[])[] = [];
  const policyEntropies: number[] = [];
  let seq = args.seq;
  for (let i = 0; i < schedule.deriveSamples && !args.signal.aborted; i++) {
    const sample = strategy.sample();
    const archId = space.archId(space.decode(sample.tokens));
    const arc = sample.tokens.join(' ');
    const known = scored.get(archId);
    const { reward, validScore } = known
      ? { reward: NaN, validScore: known.score }
      : await task.score(sample.tokens, schedule.deriveBatchSize);
    // A candidate whose score overflowed (an rnn perplexity of e^(huge)) is reported as failed, never ranked.
    const finite = Number.isFinite(validScore);
    const cost = await latency.cost(sample.tokens);
    if (!known && finite) scored.set(archId, await candidateOf(args, arc, sample.tokens, validScore, cost));
    if (finite) policyScores.push(rewardOf(task, validScore, args.schedule));
    policyArcs.push(sample.tokens);
    policyEntropies.push(sample.entropy);
    hooks.emit({
      ...sampleEvent(space, cost, sample, { seq, step: args.step }, args.epoch, 'derive'),
      reward: Number.isFinite(reward) ? reward : null,
      validScore: finite ? validScore : null,
      paramCount: task.paramCount(sample.tokens),
      ...(finite ? {} : { status: 'failed' as const, reason: `${task.scoreName} overflowed (${validScore})` }),
    });
    seq += 1;
    progress();
  }
  const sign = task.higherIsBetter ? -1 : 1;
  const rank = (entries: Iterable<[string, Candidate]>): [string, Candidate][] =>
    [...entries].sort((a, b) => b[1].objective - a[1].objective || sign * (a[1].score - b[1].score));
  let ranked = rank(scored.entries());

  // Stage 2: the best screened candidates on the re-scoring subset.
  if (rescoreN > 0 && !args.signal.aborted) {
    const size = schedule.deriveRescoreBatchSize ?? Number.MAX_SAFE_INTEGER;
    const rescored = new Map<string, Candidate>();
    for (const [archId, candidate] of ranked.slice(0, rescoreN)) {
      if (args.signal.aborted) break;
      const { validScore } = await task.score(candidate.tokens, size);
      if (Number.isFinite(validScore)) rescored.set(archId, await candidateOf(args, candidate.arc, candidate.tokens, validScore, await latency.cost(candidate.tokens)));
      progress();
    }
    ranked = rank(rescored.entries());
  }

  // Search health: the final policy against uniform samples on the same screening examples.
  if (!args.signal.aborted) {
    const uniformScores: number[] = [];
    if (learnsPolicy) {
      for (let i = 0; i < schedule.deriveSamples && !args.signal.aborted; i++) {
        const tokens = uniformTokens(space, args.seed, SEARCH_STREAMS.uniformGroup, i);
        const { validScore } = await task.score(tokens, schedule.deriveBatchSize);
        if (Number.isFinite(validScore)) uniformScores.push(rewardOf(task, validScore, args.schedule));
        progress();
      }
    }
    if (!args.signal.aborted) {
      const health = summarizeHealth({
        progress: args.health ?? NO_HEALTH,
        children: schedule.healthChildren,
        images: schedule.healthBatchSize,
        learnsPolicy,
        final: {
          policyScores,
          uniformScores,
          images: schedule.deriveBatchSize,
          policyEntropies,
          parameterFreeShare: parameterFreeShare(space, policyArcs),
        },
        seed: args.seed,
      });
      hooks.emit({ type: 'health', health });
    }
  }

  const best = ranked
    .slice(0, schedule.deriveTopK)
    .map(([archId, { arc, score }], i) => ({ rank: i + 1, arc, archId, score }));
  hooks.emit({ type: 'derived', architectures: best });
  return best;
}

/** `cost`: the candidate's cost, with its latency where the run measures it (latency-meter.ts). */
async function candidateOf(args: DeriveArgs, arc: string, tokens: readonly number[], score: number, cost: ObjectiveCost): Promise<Candidate> {
  const { task, schedule } = args;
  const largest = await latencyMeterFor(task, args.space, schedule).largest();
  return { arc, tokens, score, objective: objectiveReward(schedule.objective, rewardOf(task, score, schedule), cost, largest) };
}

/** The reward of a validation score: accuracy itself, or rewardC / perplexity (the search's own reward). */
function rewardOf(task: SearchTask, validScore: number, schedule: SearchSchedule): number {
  return task.higherIsBetter ? validScore : schedule.rewardC / validScore;
}
