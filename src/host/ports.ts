/**
 * What the host is given rather than reaching for: a clock (time and timers, so flush windows and timeouts
 * can be driven by a test) and a logger (the app writes a file, the CLI stderr, tests collect lines).
 */

export type TimerHandle = { readonly id: unknown };

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => ({ id: setTimeout(callback, ms) }),
  clearTimeout: (handle) => clearTimeout(handle.id as ReturnType<typeof setTimeout>),
};

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, detail?: Record<string, unknown>): void;
}
