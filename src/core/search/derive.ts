/**
 * Deriving the final architecture (Pham et al. 2018, §2.2 "Deriving Architectures"): sample candidates from
 * the trained policy, score each with the shared weights on the same validation subset, keep the best.
 * For random-ws the candidates are uniform samples, which is exactly Li & Talwalkar's (2019) final stage.
 * Duplicates (same archId) are scored once.
 */
import type { SearchSchedule } from '../../shared/config/run';
import type { Strategy } from '../strategy/strategy';
import type { SearchSpace } from '../spaces/search-space';
import type { SearchHooks, StopSignal } from './search-hooks';
import { sampleEvent } from './search-loop';
import type { SearchTask } from './search-task';

export interface DerivedArchitecture {
  readonly rank: number;
  readonly arc: string;
  readonly archId: string;
  /** Validation accuracy (images) or perplexity (text) on the derive subset. */
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
}

export async function deriveArchitectures(args: DeriveArgs): Promise<DerivedArchitecture[]> {
  const { task, strategy, space, schedule, hooks } = args;
  const scored = new Map<string, { arc: string; score: number }>();
  const started = args.clock();
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
    if (!known && finite) scored.set(archId, { arc, score: validScore });
    hooks.emit({
      ...sampleEvent(space, sample, { seq, step: args.step }, args.epoch, 'derive'),
      reward: Number.isFinite(reward) ? reward : null,
      validScore: finite ? validScore : null,
      paramCount: task.paramCount(sample.tokens),
      ...(finite ? {} : { status: 'failed' as const, reason: `${task.scoreName} overflowed (${validScore})` }),
    });
    seq += 1;
    const done = i + 1;
    hooks.emit({
      type: 'progress',
      stage: 'derive',
      epoch: 0,
      epochs: 1,
      done,
      total: schedule.deriveSamples,
      etaS: (((args.clock() - started) / done) * (schedule.deriveSamples - done)) / 1000,
    });
  }
  const sign = task.higherIsBetter ? -1 : 1;
  const best = [...scored.entries()]
    .sort((a, b) => sign * (a[1].score - b[1].score))
    .slice(0, schedule.deriveTopK)
    .map(([archId, { arc, score }], i) => ({ rank: i + 1, arc, archId, score }));
  hooks.emit({ type: 'derived', architectures: best });
  return best;
}
