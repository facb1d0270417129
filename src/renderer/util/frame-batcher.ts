/**
 * Collects items pushed at any rate and hands them over once per animation frame, so 50 trainer events a
 * second cost one chart update per frame, not one per event.
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  dispose(): void;
}

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export function createFrameBatcher<T>(flush: (items: T[]) => void, scheduler: FrameScheduler = animationFrames): FrameBatcher<T> {
  let pending: T[] = [];
  let handle: number | null = null;
  return {
    push(item) {
      pending.push(item);
      if (handle !== null) return;
      handle = scheduler.request(() => {
        handle = null;
        const items = pending;
        pending = [];
        flush(items);
      });
    },
    dispose() {
      if (handle !== null) scheduler.cancel(handle);
      handle = null;
      pending = [];
    },
  };
}
