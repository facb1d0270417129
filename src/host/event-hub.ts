/**
 * Fans pushed workbench events out to every subscriber (each connected window or WebSocket). A subscriber
 * that throws is logged and skipped: one broken UI must not stop the others, or the host.
 */
import type { WorkbenchEvent } from '../shared/api';
import type { Logger } from './ports';

export interface EventHub {
  emit(event: WorkbenchEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
}

export function createEventHub(log: Logger): EventHub {
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          log.log('error', `a workbench event subscriber threw on "${event.type}": ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
