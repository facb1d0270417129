/**
 * Batches pushed events for one UI connection: the first event opens a window of `windowMs` (50 ms, about
 * three animation frames), and everything emitted inside it goes out as one message when it closes. A
 * search can emit well over 50 events a second; a browser that repaints on each would stutter, and one
 * message per event costs a frame each on IPC and WebSocket alike. Order is kept.
 */
import type { WorkbenchEvent } from '../shared/api';
import type { Clock, TimerHandle } from './ports';

export const DEFAULT_EVENT_WINDOW_MS = 50;

export interface EventBatcher {
  push(event: WorkbenchEvent): void;
  /** Sends what is pending now. */
  flush(): void;
  /** Drops what is pending and stops the timer (the connection closed). */
  dispose(): void;
}

export function createEventBatcher(
  send: (events: WorkbenchEvent[]) => void,
  clock: Clock,
  windowMs = DEFAULT_EVENT_WINDOW_MS,
): EventBatcher {
  let pending: WorkbenchEvent[] = [];
  let timer: TimerHandle | undefined;
  let disposed = false;
  const flush = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    send(events);
  };
  return {
    push(event) {
      if (disposed) return;
      pending.push(event);
      timer ??= clock.setTimeout(flush, windowMs);
    },
    flush,
    dispose() {
      disposed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}
