/**
 * What every retrain from scratch needs besides its network and data, whatever the space: the schedule, the
 * seed, and the trainer's hooks (events, checkpoints, stop, clock), with the state to resume from.
 */
import type { EngineEvent, StopSignal } from './search-hooks';

export interface RetrainRun<State> {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly emit: (event: EngineEvent) => void;
  readonly checkpoint: (state: State) => Promise<void>;
  readonly signal: StopSignal;
  readonly clock: () => number;
  /**
   * Awaited before each batch. The trainer passes a turn of its event loop, so that a `stop` (or the loss of
   * its host) is noticed between batches rather than at the end of the epoch; tfjs's cpu and wasm kernels never
   * yield by themselves.
   */
  readonly beforeBatch?: () => Promise<void>;
  readonly resume?: State;
}

export interface RetrainOutcome {
  readonly stopped: boolean;
  /** Final scores, e.g. `retrain/test-accuracy` or `retrain/test-perplexity`, and `retrain/param-count`. */
  readonly results: Record<string, number>;
}

/** Elapsed time and the time left of a retrain, from its pace since it (re)started at `firstStep`. */
export function retrainPace(clock: () => number, firstStep: number, totalSteps: number): { elapsedS(): number; etaS(step: number): number | null } {
  const started = clock();
  return {
    elapsedS: () => (clock() - started) / 1000,
    etaS: (step) => (step > firstStep ? (((clock() - started) / (step - firstStep)) * (totalSteps - step)) / 1000 : null),
  };
}
