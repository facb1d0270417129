/**
 * What the search loop needs from "the child side" of a space, in the tokens the strategy speaks: train the
 * shared weights on one sampled child, score a child on validation data, and checkpoint everything. One
 * implementation per kind of data (images, text), so the loop itself is the same for all three spaces.
 */
import type { CostModel } from '../spaces/arch-cost';
import type { WeightSnapshot } from '../child/supernet';
import type { PrngState } from '../random/prng';
import type { EpochOrderState } from './epoch-order';

export interface ChildStepResult {
  /** Scalars of the step, keyed by metric series name (`child/loss`, `child/accuracy`, …). */
  readonly metrics: Record<string, number>;
}

export interface ChildScore {
  /** What the strategy maximises: accuracy for images, rewardC / perplexity for text. */
  readonly reward: number;
  /** The validation score the reward came from: accuracy or perplexity. */
  readonly validScore: number;
}

export interface SearchTaskState {
  readonly weights: WeightSnapshot;
  readonly optimizer: unknown;
  readonly prngs: Record<string, PrngState>;
  readonly orders: Record<string, EpochOrderState>;
  /** Task-specific extras (e.g. the carried hidden state position of a language model). */
  readonly extra: unknown;
}

export interface SearchTask {
  /** Shared-weight steps in one pass over the training split. */
  readonly batchesPerEpoch: number;
  /** Whether a higher validScore is better (accuracy) or worse (perplexity). */
  readonly higherIsBetter: boolean;
  /** Name of the validation score series: `accuracy` or `perplexity`. */
  readonly scoreName: string;
  /** One SGD step of the shared weights on the next training batch, as the child `tokens` builds it. */
  trainStep(tokens: readonly number[], learningRate: number, progress: number): Promise<ChildStepResult>;
  /** Score the child on the next validation batch of `batchSize` examples (a controller reward). */
  reward(tokens: readonly number[], batchSize: number): Promise<ChildScore>;
  /** Score the child on a fixed validation subset of `size` examples: the same for every candidate. */
  score(tokens: readonly number[], size: number): Promise<ChildScore>;
  /** Trainable parameters the child uses. */
  paramCount(tokens: readonly number[]): number;
  /** Parameters and multiply-adds of a child's fixed network at the run's child config and data shape. */
  readonly costs: CostModel;
  /**
   * Inference latency (ms, batch 1, median of `repeats` timed runs) of that fixed network on the run's
   * backend (image-latency.ts); absent where the task cannot measure it (text).
   */
  latency?(tokens: readonly number[], repeats: number): Promise<number>;
  getState(): Promise<SearchTaskState>;
  setState(state: SearchTaskState): void;
  dispose(): void;
}
