/**
 * The one interface behind which a search strategy proposes child architectures (docs/architecture.md §3): sample
 * an architecture as official integer arc tokens, learn from the rewards the caller measured, and save or
 * restore everything that determines its future samples. The reward function (the shared-weight child
 * network's validation accuracy, in a real search) stays outside: a strategy only sees numbers.
 */
import type { StrategyName } from '../../shared/config/strategy';
import type { PrngState } from '../random/prng';
import type { ControllerState } from '../controller/controller-state';
import type { HiddenTrace } from '../controller/sampling-sink';
import type { ParsecState } from './parsec-strategy';
import type { ReplayMemoryState } from './replay-memory';

/** One proposed architecture and what the strategy knows about it, as plain numbers. */
export interface StrategySample {
  /** Official integer arc tokens of the space. */
  readonly tokens: readonly number[];
  /** Log-probability (nats) of these tokens under the strategy's sampling distribution. */
  readonly logProb: number;
  /** Σ over decisions of the entropy (nats) of each decision's distribution. */
  readonly entropy: number;
  /** Macro enas only: the mean per-layer KL of the skip probabilities to `skipTarget`. */
  readonly skipPenalty?: number;
  /** Macro enas only: the number of skip connections chosen. */
  readonly skipCount?: number;
  /** Controller strategies only: the controller's hidden state at each decision (the controller analysis). */
  readonly hidden?: HiddenTrace;
}

/** A sample with the reward the caller measured for it. */
export interface RewardedSample extends StrategySample {
  readonly reward: number;
}

export interface UpdateStats {
  /** Updates applied so far, this one included. */
  readonly step: number;
  /** Samples in this update's batch. */
  readonly samples: number;
  /** Mean raw reward of the batch. */
  readonly meanReward: number;
  /** Mean sample entropy of the batch, in nats. */
  readonly meanEntropy: number;
  /** REINFORCE loss, baseline after the batch and gradient norm before clipping; null where nothing is learned. */
  readonly loss: number | null;
  readonly baseline: number | null;
  readonly gradNorm: number | null;
}

export type StrategyState =
  | { readonly strategy: 'enas'; readonly controller: ControllerState }
  | { readonly strategy: 'enas-memory'; readonly controller: ControllerState; readonly memory: ReplayMemoryState }
  | { readonly strategy: 'random-ws'; readonly step: number; readonly prng: PrngState }
  | ParsecState;

export interface Strategy {
  readonly name: StrategyName;
  /**
   * The controller phase of an official ENAS epoch: `updates` updates of `samplesPerUpdate` scored samples
   * each (enas: `trainSteps` × `numAggregate`). Random search learns nothing: 0 updates.
   */
  readonly phase: { readonly updates: number; readonly samplesPerUpdate: number };
  /** Propose one architecture; advances the strategy's Prng. */
  sample(): StrategySample;
  /** Learn from scored samples (at least one). All or nothing: a rejected batch changes nothing. */
  update(batch: readonly RewardedSample[]): UpdateStats;
  getState(): StrategyState;
  /** Restore a state taken with `getState` from a strategy of the same kind, space and config. */
  setState(state: StrategyState): void;
  dispose(): void;
}
