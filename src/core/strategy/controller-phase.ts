/**
 * The controller phase of an ENAS epoch (melodyguan/enas src/cifar10/main.py: `controller_train_steps ×
 * controller_num_aggregate` sampled children, each scored, one update per aggregated batch), for any
 * strategy and any reward. The full search loop, which alternates this with training the shared weights,
 * lives elsewhere; this is the part that needs nothing but a reward function.
 */
import type { RewardedSample, Strategy, StrategySample, UpdateStats } from './strategy';

/** Scores one sampled architecture, e.g. the shared-weight child's accuracy on a validation batch. */
export type RewardFn = (sample: StrategySample) => number | Promise<number>;

export interface ControllerPhaseResult {
  /** Every scored sample, in sampling order. */
  readonly samples: readonly RewardedSample[];
  /** The statistics of every update, in order. */
  readonly updates: readonly UpdateStats[];
}

export interface ControllerPhaseOptions {
  /** Number of updates; default `strategy.phase.updates`. */
  readonly updates?: number;
  /** Scored samples per update; default `strategy.phase.samplesPerUpdate`. */
  readonly samplesPerUpdate?: number;
}

export async function runControllerPhase(
  strategy: Strategy,
  reward: RewardFn,
  options: ControllerPhaseOptions = {},
): Promise<ControllerPhaseResult> {
  const updates = options.updates ?? strategy.phase.updates;
  const perUpdate = options.samplesPerUpdate ?? strategy.phase.samplesPerUpdate;
  const samples: RewardedSample[] = [];
  const stats: UpdateStats[] = [];
  for (let u = 0; u < updates; u++) {
    const batch: RewardedSample[] = [];
    for (let s = 0; s < perUpdate; s++) {
      const sample = strategy.sample();
      batch.push({ ...sample, reward: await reward(sample) });
    }
    samples.push(...batch);
    stats.push(strategy.update(batch));
  }
  return { samples, updates: stats };
}
