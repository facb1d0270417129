/**
 * The whole-run ETA of a search: what remains of phase 1 (shared-weight steps), of phase 2 (validation
 * rewards for the controller) in every epoch left, and of the derive stage, each at its own measured pace.
 * Counting shared-weight steps alone (as the progress line did) reported `ETA 0s` at the end of phase 1 and
 * then sat there through the whole controller phase and derive. A phase not measured yet (the first
 * controller phase) is guessed at the pace of a shared-weight step, and corrected once it has been seen.
 */
export interface SearchPaceArgs {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** Validation rewards per epoch in phase 2 (updates × samples per update). */
  readonly rewardsPerEpoch: number;
  /** Candidates scored by the derive stage. */
  readonly deriveSamples: number;
  /**
   * What derive costs per candidate relative to a phase-2 reward (its screening batch over the reward batch,
   * plus its share of the re-scoring and of the uniform comparison group).
   */
  readonly deriveCostRatio: number;
  /** Warm-up epochs have no phase 2. */
  readonly warmupEpochs?: number;
  /** The health probes after each phase 1, in phase-2 rewards. */
  readonly healthRewardsPerEpoch?: number;
  readonly clock: () => number;
}

export interface SearchPace {
  /** Times one unit of work: call with what it was, after it is done. */
  mark(kind: 'step' | 'reward', startedAt: number): void;
  /** Seconds left from a position: shared-weight steps done, rewards done in the current epoch's phase 2. */
  etaS(position: { epoch: number; childStep: number; rewardsDone: number; derived?: number }): number | null;
}

export function createSearchPace(args: SearchPaceArgs): SearchPace {
  const seen = { step: { s: 0, n: 0 }, reward: { s: 0, n: 0 } };
  const mean = (kind: 'step' | 'reward'): number | null => (seen[kind].n === 0 ? null : seen[kind].s / seen[kind].n);
  return {
    mark(kind, startedAt) {
      seen[kind].s += (args.clock() - startedAt) / 1000;
      seen[kind].n += 1;
    },
    etaS({ epoch, childStep, rewardsDone, derived = 0 }) {
      const step = mean('step');
      const reward = mean('reward') ?? step;
      if (step === null && reward === null) return null;
      const warmup = args.warmupEpochs ?? 0;
      const epochsAfter = Math.max(0, args.epochs - epoch - 1);
      const scoringAfter = Math.max(0, args.epochs - Math.max(epoch + 1, warmup));
      const stepsLeft = epoch >= args.epochs ? 0 : args.stepsPerEpoch - childStep + epochsAfter * args.stepsPerEpoch;
      const rewardsNow = epoch >= args.epochs || epoch < warmup ? 0 : args.rewardsPerEpoch - rewardsDone;
      const healthLeft = (args.healthRewardsPerEpoch ?? 0) * (epochsAfter + (epoch < args.epochs && childStep < args.stepsPerEpoch ? 1 : 0));
      const rewardsLeft = rewardsNow + scoringAfter * args.rewardsPerEpoch + healthLeft;
      const deriveLeft = (args.deriveSamples - derived) * args.deriveCostRatio;
      return stepsLeft * (step ?? reward ?? 0) + (rewardsLeft + deriveLeft) * (reward ?? 0);
    },
  };
}
