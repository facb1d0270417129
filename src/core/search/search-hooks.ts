/**
 * How the engine reports: protocol-shaped events (src/shared/protocol.ts) and checkpoints. The trainer
 * process forwards events to the host and writes checkpoints to disk; tests collect them in arrays.
 */
import type { TrainerMessage } from '../../shared/protocol';
import type { SearchState } from './search-loop';

/** The events the engine emits: the trainer messages that describe progress, not the process lifecycle. */
export type EngineEvent = Extract<
  TrainerMessage,
  { type: 'architecture-sampled' | 'controller-trace' | 'step-metrics' | 'epoch-ended' | 'progress' | 'derived' | 'health' | 'log' }
>;

export interface SearchHooks {
  emit(event: EngineEvent): void;
  /** Persist the state; the loop waits for it, so a checkpoint is complete before training goes on. */
  checkpoint(state: SearchState): Promise<void>;
}

/** Set by whoever wants the loop to stop; read between batches (no DOM/Node AbortSignal in core). */
export interface StopSignal {
  readonly aborted: boolean;
}
