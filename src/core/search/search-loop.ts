/**
 * The ENAS search loop (Pham et al. 2018, §2.2): each epoch, phase 1 trains the shared weights ω with a
 * fresh architecture sampled for every training batch, then phase 2 trains the strategy (the controller θ)
 * on rewards measured on validation batches. Random search with weight sharing (Li & Talwalkar 2019) runs the
 * same loop; its "phase 2" scores as many architectures and learns nothing, so both curves compare.
 *
 * The loop owns no I/O: it reports through `hooks` (protocol-shaped events) and hands its state to
 * `hooks.checkpoint` at phase boundaries, every `checkpointEvery` steps and whenever `checkpointIntervalMs`
 * has passed since the last one (slow steps: 50 steps of a big child can take many minutes), so a killed run
 * resumes at the last checkpoint, losing at most that interval of phase 1, and then replays exactly what an
 * uninterrupted run would have done.
 */
import { latencyMeterFor } from './latency-meter';
import { objectiveReward } from './objective-reward';
import type { ObjectiveCost } from './objective-reward';
import type { SearchSchedule } from '../../shared/config/run';
import type { ChildConfig } from '../../shared/config/child';
import { EnasError } from '../../shared/errors';
import { encodeFloat32Base64 } from '../../shared/float32-base64';
import type { ArchitectureSampled, ControllerTrace } from '../../shared/protocol';
import { cosineLearningRate } from '../child/optim/cosine-schedule';
import type { HiddenTrace } from '../controller/sampling-sink';
import type { Strategy, StrategySample, StrategyState } from '../strategy/strategy';
import type { SearchSpace } from '../spaces/search-space';
import type { SearchHooks, StopSignal } from './search-hooks';
import { createSearchPace } from './search-pace';
import type { SearchTask, SearchTaskState } from './search-task';
import { NO_HEALTH, SEARCH_STREAMS, measureSupernetAccuracy, probeChildren, summarizeHealth, uniformTokens } from './search-health';
import type { HealthProgress } from './search-health';
import { uniformSample } from '../strategy/random-ws-strategy';
import { createStreamPrng } from '../random/prng';

/** Where the loop is; everything else lives in the strategy and the task. */
export interface SearchPosition {
  readonly epoch: number;
  /** `child`: inside phase 1 at `childStep`; `controller`: phase 1 of `epoch` is done. */
  readonly stage: 'child' | 'controller';
  /** Phase-1 steps done in this epoch. */
  readonly childStep: number;
  /** Shared-weight steps done since the start of the search. */
  readonly step: number;
  /** Architectures reported so far (the `seq` of the next one). */
  readonly seq: number;
}

export interface SearchState {
  readonly position: SearchPosition;
  readonly strategy: StrategyState;
  readonly task: SearchTaskState;
  /** Health measured so far; absent in checkpoints written before health existed. */
  readonly health?: HealthProgress;
}

export interface SearchLoopArgs {
  readonly task: SearchTask;
  readonly strategy: Strategy;
  readonly space: SearchSpace<unknown>;
  readonly schedule: SearchSchedule;
  readonly child: ChildConfig;
  readonly checkpointEvery: number;
  /** Also checkpoint in phase 1 once this long (ms of `clock`) has passed since the last checkpoint. Default 2 minutes. */
  readonly checkpointIntervalMs?: number;
  readonly hooks: SearchHooks;
  readonly signal: StopSignal;
  readonly clock: () => number;
  /** Resume from this state instead of starting fresh. */
  readonly resume?: SearchState;
  /** The run's seed: the warm-up samples and the health probes are drawn from streams of it. */
  readonly seed: number;
}

export interface SearchOutcome {
  readonly stopped: boolean;
  readonly position: SearchPosition;
  readonly health: HealthProgress;
}

/** Default of `checkpointIntervalMs`: a crash costs at most two minutes of shared-weight training. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 2 * 60 * 1000;

const START: SearchPosition = { epoch: 0, stage: 'child', childStep: 0, step: 0, seq: 0 };

export async function runSearch(args: SearchLoopArgs): Promise<SearchOutcome> {
  const { task, strategy, schedule, hooks, signal } = args;
  let pos = START;
  let health: HealthProgress = NO_HEALTH;
  if (args.resume) {
    strategy.setState(args.resume.strategy);
    task.setState(args.resume.task);
    pos = args.resume.position;
    health = args.resume.health ?? NO_HEALTH;
  }
  // Supernet accuracy is an accuracy: text tasks (perplexity) report no per-epoch curve.
  const probes = schedule.healthChildren > 0 && task.scoreName === 'accuracy' ? probeChildren(args.space, args.seed, schedule.healthChildren) : [];
  const emitHealth = (): void =>
    hooks.emit({
      type: 'health',
      health: summarizeHealth({
        progress: health,
        children: schedule.healthChildren,
        images: schedule.healthBatchSize,
        learnsPolicy: strategy.phase.updates > 0,
        final: null,
        seed: args.seed,
      }),
    });
  const stepsPerEpoch = schedule.childStepsPerEpoch ?? task.batchesPerEpoch;
  const latency = latencyMeterFor(task, args.space, schedule);
  const scoring =
    strategy.phase.updates > 0
      ? strategy.phase
      : { updates: schedule.randomScoresPerEpoch > 0 ? 1 : 0, samplesPerUpdate: schedule.randomScoresPerEpoch };
  const started = args.clock();
  const totalSteps = schedule.epochs * stepsPerEpoch;
  const rewardsPerEpoch = scoring.updates * scoring.samplesPerUpdate;
  const pace = createSearchPace({
    epochs: schedule.epochs,
    stepsPerEpoch,
    rewardsPerEpoch,
    deriveSamples: schedule.deriveSamples,
    deriveCostRatio: deriveCostRatio(schedule, strategy.phase.updates > 0),
    warmupEpochs: schedule.warmupEpochs,
    healthRewardsPerEpoch: (probes.length * schedule.healthBatchSize) / schedule.rewardBatchSize,
    clock: args.clock,
  });

  const intervalMs = args.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  let lastSnapshotAt = started;
  const snapshot = async (position: SearchPosition): Promise<void> => {
    const state: SearchState = { position, strategy: strategy.getState(), task: await task.getState(), health };
    await hooks.checkpoint(state);
    lastSnapshotAt = args.clock();
  };
  const snapshotDue = (position: SearchPosition): boolean =>
    position.childStep % args.checkpointEvery === 0 || args.clock() - lastSnapshotAt >= intervalMs;

  for (let epoch = pos.epoch; epoch < schedule.epochs; epoch++) {
    const warmup = epoch < schedule.warmupEpochs;
    // Phase 1: shared weights, one fresh child per training batch (uniform ones while warming up).
    if (pos.stage === 'child') {
      for (let i = pos.childStep; i < stepsPerEpoch; i++) {
        if (signal.aborted) {
          await snapshot(pos);
          return { stopped: true, position: pos, health };
        }
        const stepStarted = args.clock();
        // Whether this step trains a uniform child: a pure function of seed and step, so a resume replays it.
        const uniform =
          warmup ||
          (schedule.uniformChildShare > 0 && createStreamPrng(args.seed, SEARCH_STREAMS.uniformShare, pos.step).next() < schedule.uniformChildShare);
        const sample = uniform
          ? uniformSample(args.space, uniformTokens(args.space, args.seed, SEARCH_STREAMS.warmup, pos.step))
          : strategy.sample();
        const lr = cosineLearningRate(args.child, epoch + i / stepsPerEpoch);
        const progress = (pos.step + 1) / totalSteps;
        const result = await task.trainStep(sample.tokens, lr, progress);
        const loss = result.metrics['child/loss'] ?? NaN;
        if (!Number.isFinite(loss)) {
          throw new EnasError(
            'SEARCH_DIVERGED',
            `the shared weights diverged at step ${pos.step} (epoch ${epoch}): child loss became ${loss}` +
              ` (learning rate ${lr.toPrecision(3)}); lower lrMax or gradBound`,
          );
        }
        // A finite loss spike can overflow a derived metric (an rnn's perplexity e^loss past e^709); the
        // search survives such spikes, as the official runs do, and the metric is left out of that step.
        const metrics = Object.fromEntries(Object.entries(result.metrics).filter(([, v]) => Number.isFinite(v)));
        hooks.emit({ type: 'step-metrics', step: pos.step, epoch, metrics });
        hooks.emit(sampleEvent(args.space, task.costs.cost(sample.tokens), sample, pos, epoch, 'child'));
        pos = { ...pos, childStep: i + 1, step: pos.step + 1, seq: pos.seq + 1 };
        pace.mark('step', stepStarted);
        hooks.emit({
          type: 'progress',
          stage: 'search',
          phase: 'child',
          epoch,
          epochs: schedule.epochs,
          done: i + 1,
          total: stepsPerEpoch,
          etaS: pace.etaS({ epoch, childStep: i + 1, rewardsDone: 0 }),
        });
        // The last step of the phase is followed by the phase's own checkpoint just below.
        if (pos.childStep < stepsPerEpoch && snapshotDue(pos)) await snapshot(pos);
      }
      pos = { ...pos, stage: 'controller' };
      if (probes.length > 0) {
        const measured = await measureSupernetAccuracy(task, probes, schedule.healthBatchSize);
        health = { ...health, supernetAccuracy: [...health.supernetAccuracy, { epoch, ...measured }] };
        hooks.emit({ type: 'step-metrics', step: pos.step, epoch, metrics: { 'health/supernet-accuracy': measured.mean } });
        emitHealth();
      }
      await snapshot(pos);
    }

    // Phase 2: the strategy learns from validation rewards (random-ws only scores).
    const entropies: number[] = [];
    const rewards: number[] = [];
    const phaseStart = pos;
    const phaseHealth = health;
    // Warm-up epochs have no phase 2: the strategy neither learns nor scores.
    for (let u = 0; u < (warmup ? 0 : scoring.updates); u++) {
      if (signal.aborted) {
        // No snapshot here: the position does not say how many updates are done, so a resume replays phase 2
        // from its start, from the checkpoint written when phase 1 ended (or the one this run resumed from).
        // A snapshot now would hold a strategy already updated u times, and the replay would update it again.
        return { stopped: true, position: phaseStart, health: phaseHealth };
      }
      const batch = [];
      const events: ArchitectureSampled[] = [];
      const traces: ControllerTrace[] = [];
      for (let k = 0; k < scoring.samplesPerUpdate; k++) {
        const rewardStarted = args.clock();
        const sample = strategy.sample();
        const scored = await task.reward(sample.tokens, schedule.rewardBatchSize);
        pace.mark('reward', rewardStarted);
        // A child whose score overflows (an rnn whose perplexity is e^(huge)) earns the worst reward, 0,
        // and is reported as failed rather than ending the search: other children may be fine.
        const finite = Number.isFinite(scored.reward) && Number.isFinite(scored.validScore);
        const cost = await latency.cost(sample.tokens);
        const reward = finite ? objectiveReward(schedule.objective, scored.reward, cost, await latency.largest()) : 0;
        batch.push({ ...sample, reward });
        rewards.push(reward);
        entropies.push(sample.entropy);
        events.push({
          ...sampleEvent(args.space, cost, sample, pos, epoch, 'controller'),
          reward,
          validScore: finite ? scored.validScore : null,
          paramCount: task.paramCount(sample.tokens),
          ...(finite ? {} : { status: 'failed' as const, reason: `${task.scoreName} overflowed (${scored.validScore}); reward set to 0` }),
        });
        const rewardsDone = u * scoring.samplesPerUpdate + k + 1;
        if (sample.hidden !== undefined && sample.hidden.width > 0 && rewardsDone <= schedule.traceSamplesPerEpoch) {
          traces.push(controllerTrace(sample.tokens, sample.hidden, pos.seq, epoch));
        }
        pos = { ...pos, seq: pos.seq + 1 };
        hooks.emit({
          type: 'progress',
          stage: 'search',
          phase: 'controller',
          epoch,
          epochs: schedule.epochs,
          done: rewardsDone,
          total: rewardsPerEpoch,
          etaS: pace.etaS({ epoch, childStep: stepsPerEpoch, rewardsDone }),
        });
      }
      if (health.initialEntropy === null && strategy.phase.updates > 0) {
        // The entropy of the policy before its first update, the reference of health.entropyDrop.
        health = { ...health, initialEntropy: batch.reduce((a, b) => a + b.entropy, 0) / batch.length };
      }
      const stats = strategy.update(batch);
      // Reported after the update so each sample carries the baseline its advantage was measured against.
      for (const event of events) hooks.emit({ ...event, baseline: stats.baseline });
      for (const trace of traces) hooks.emit(trace);
      const metrics: Record<string, number> = {
        'controller/mean-reward': stats.meanReward,
        'controller/entropy': stats.meanEntropy,
      };
      if (stats.loss !== null) metrics['controller/loss'] = stats.loss;
      if (stats.baseline !== null) metrics['controller/baseline'] = stats.baseline;
      if (stats.gradNorm !== null) metrics['controller/grad-norm'] = stats.gradNorm;
      // Controller series are indexed by controller update, not by shared-weight step: every update of an
      // epoch happens at the same shared-weight step, and a series keeps one point per step.
      hooks.emit({ type: 'step-metrics', step: stats.step, epoch, metrics });
    }
    pos = { epoch: epoch + 1, stage: 'child', childStep: 0, step: pos.step, seq: pos.seq };
    const elapsedS = (args.clock() - started) / 1000;
    hooks.emit({
      type: 'epoch-ended',
      epoch,
      step: pos.step,
      epochs: schedule.epochs,
      elapsedS,
      etaS: pace.etaS({ epoch: epoch + 1, childStep: 0, rewardsDone: 0 }),
      // A warm-up epoch scored nothing: no reward or entropy to report.
      metrics: rewards.length === 0 ? {} : { 'epoch/mean-reward': mean(rewards), 'epoch/mean-entropy': mean(entropies) },
    });
    await snapshot(pos);
  }
  return { stopped: false, position: pos, health };
}

/** The event of one sampled architecture, before it is scored, with its cost (and latency where measured). */
export function sampleEvent(
  space: SearchSpace<unknown>,
  cost: ObjectiveCost,
  sample: StrategySample,
  pos: Pick<SearchPosition, 'seq' | 'step'>,
  epoch: number,
  phase: ArchitectureSampled['phase'],
): ArchitectureSampled {
  const { params, flops } = cost;
  return {
    type: 'architecture-sampled',
    seq: pos.seq,
    step: pos.step,
    epoch,
    phase,
    arc: sample.tokens.join(' '),
    archId: space.archId(space.decode(sample.tokens)),
    reward: null,
    baseline: null,
    logProb: sample.logProb,
    entropy: sample.entropy,
    validScore: null,
    paramCount: null,
    params,
    flops,
    latencyMs: cost.latency ?? null,
    status: 'ok',
    reason: null,
  };
}

/** The controller's hidden states of one scored sample, for the controller analysis. */
function controllerTrace(tokens: readonly number[], hidden: HiddenTrace, seq: number, epoch: number): ControllerTrace {
  return { type: 'controller-trace', seq, epoch, tokens: [...tokens], width: hidden.width, hidden: encodeFloat32Base64(hidden.values) };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Derive's cost per candidate in phase-2 rewards: its screening batch, its share of the re-scoring, and (for a
 * learned policy) the uniform comparison group scored on the same screening batch.
 */
function deriveCostRatio(schedule: SearchSchedule, learnsPolicy: boolean): number {
  const screen = schedule.deriveBatchSize * (learnsPolicy ? 2 : 1);
  // The re-scoring batch is the whole validation split when null; count it as the screening batch ×5.
  const rescore = schedule.deriveRescoreTopN * (schedule.deriveRescoreBatchSize ?? 5 * schedule.deriveBatchSize);
  return (screen + rescore / Math.max(1, schedule.deriveSamples)) / schedule.rewardBatchSize;
}
