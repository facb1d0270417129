/**
 * Turns a run's trainer messages into store rows and commits them in flush windows: one transaction per
 * ≤ 64 distinct steps or ≤ 1 s, whichever comes first, and on demand (before a checkpoint is registered, on
 * finished/failed/exit). A kill loses at most the open window (docs/reliability.md T1.1) and the fsync of
 * synchronous=FULL is paid once per window, not per row. Messages are pushed to subscribers only after
 * their rows committed, so the store is always ahead of what a UI was told.
 */
import { decodeFloat32Base64 } from '../shared/float32-base64';
import type { SampleRecord } from '../shared/run';
import type { ControllerTraceRecord } from '../store/controller-traces-repository';
import type { TrainerMessage } from '../shared/protocol';
import type { NewRunEvent } from '../store/events-repository';
import type { MetricPoint } from '../store/metrics-repository';
import type { Store } from '../store/store';
import type { WriteBatch } from '../store/write-batch';
import type { Clock, TimerHandle } from './ports';

export interface FlushWindow {
  /** Distinct steps that close a window. */
  maxSteps: number;
  /** Age of the oldest buffered message that closes a window. */
  maxDelayMs: number;
}

/** docs/reliability.md T1.1: "Metric rows lost ≤ one flush window (≤ 64 steps or ≤ 1 s)". */
export const DEFAULT_FLUSH_WINDOW: FlushWindow = { maxSteps: 64, maxDelayMs: 1000 };

export interface EventPersisterOptions {
  runId: number;
  store: Pick<Store, 'writeBatch'> & { runs: { setBackend(id: number, backend: string, versions: Record<string, string>): unknown } };
  clock: Clock;
  window: FlushWindow;
  /** Called with the messages of a window once it committed. */
  publish(messages: readonly TrainerMessage[]): void;
  /** A timer-driven flush failed (a flush called directly throws instead). */
  onError(error: unknown): void;
}

export interface EventPersister {
  /** Buffers the rows of `message`; flushes when the window is full. Throws if that flush fails. */
  add(message: TrainerMessage): void;
  /** Commits what is buffered now. Throws the store's error; the buffered rows are then dropped. */
  flush(): void;
  /** Cancels the timer; buffered rows are dropped (flush first to keep them). */
  dispose(): void;
}

function describe(message: TrainerMessage): { level: NewRunEvent['level']; message: string } | undefined {
  switch (message.type) {
    case 'log':
      return { level: message.level, message: message.message };
    case 'backend-selected':
      return { level: 'info', message: `backend ${message.backend} (${Object.entries(message.reasons).map(([k, v]) => `${k}: ${v}`).join('; ')})` };
    case 'epoch-ended':
      return { level: 'info', message: `epoch ${message.epoch + 1}/${message.epochs} ended at step ${message.step}` };
    case 'checkpoint-written':
      return { level: 'info', message: `checkpoint at step ${message.step} (${message.bytes} bytes)` };
    case 'derived':
      return { level: 'info', message: `derived ${message.architectures.length} architecture(s)` };
    case 'finished': {
      const results = Object.entries(message.results).map(([k, v]) => `${k} ${Number(v.toPrecision(6))}`);
      const what = message.stopped ? 'stopped on request' : 'finished';
      return { level: 'info', message: results.length === 0 ? what : `${what}: ${results.join(', ')}` };
    }
    case 'failed':
      return { level: 'error', message: message.error.message };
    default:
      return undefined;
  }
}

function toSample(runId: number, m: Extract<TrainerMessage, { type: 'architecture-sampled' }>): SampleRecord {
  return {
    runId,
    seq: m.seq,
    step: m.step,
    arc: m.arc,
    archId: m.archId,
    reward: m.reward,
    baseline: m.baseline,
    logProb: m.logProb,
    entropy: m.entropy,
    validScore: m.validScore,
    paramCount: m.paramCount,
    status: m.status,
    // The store requires a reason exactly when a sample failed.
    failure: m.status === 'failed' ? (m.reason ?? 'no reason given by the trainer') : null,
    phase: m.phase,
    params: m.params ?? null,
    flops: m.flops ?? null,
    latencyMs: m.latencyMs ?? null,
  };
}

export function createEventPersister(options: EventPersisterOptions): EventPersister {
  const { runId, store, clock, window } = options;
  let metrics: MetricPoint[] = [];
  let samples: SampleRecord[] = [];
  let events: NewRunEvent[] = [];
  let traces: ControllerTraceRecord[] = [];
  let messages: TrainerMessage[] = [];
  let steps = new Set<number>();
  let timer: TimerHandle | undefined;
  // Final results (test accuracy, best derived score) are stored as one-point series at the last step seen,
  // so the run list, the compare view and exports read them like any other metric. Samples count as seen:
  // a trainer resumed from the search's last checkpoint only derives, and reports samples but no metric.
  let lastStep = 0;

  const reset = (): void => {
    metrics = [];
    samples = [];
    events = [];
    traces = [];
    messages = [];
    steps = new Set();
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  const flush = (): void => {
    if (messages.length === 0) return;
    const batch: WriteBatch = { metrics, samples, events, traces };
    const committed = messages;
    reset();
    store.writeBatch(batch);
    // Controller traces are kilobytes of hidden states for the store's analysis, not news for a UI.
    options.publish(committed.filter((m) => m.type !== 'controller-trace'));
  };

  const metricPoints = (step: number, values: Record<string, number>): void => {
    for (const [series, value] of Object.entries(values)) metrics.push({ runId, series, step, value });
    steps.add(step);
    lastStep = Math.max(lastStep, step);
  };

  return {
    add(message) {
      // The run row names the backend that actually ran (docs/architecture.md §5), not the requested `auto`.
      if (message.type === 'backend-selected') store.runs.setBackend(runId, message.backend, message.versions);
      if (message.type === 'step-metrics') metricPoints(message.step, message.metrics);
      if (message.type === 'epoch-ended') metricPoints(message.step, message.metrics);
      if (message.type === 'finished') metricPoints(lastStep, message.results);
      if (message.type === 'architecture-sampled') {
        samples.push(toSample(runId, message));
        steps.add(message.step);
        lastStep = Math.max(lastStep, message.step);
      }
      if (message.type === 'controller-trace') {
        const { seq, epoch, tokens, width, hidden } = message;
        traces.push({ runId, seq, epoch, tokens, width, hidden: decodeFloat32Base64(hidden) });
      }
      const event = describe(message);
      if (event !== undefined) events.push({ runId, ts: clock.now(), ...event });
      messages.push(message);
      if (steps.size >= window.maxSteps) {
        flush();
      } else if (timer === undefined) {
        timer = clock.setTimeout(() => {
          timer = undefined;
          try {
            flush();
          } catch (err) {
            options.onError(err);
          }
        }, window.maxDelayMs);
      }
    },
    flush,
    dispose: reset,
  };
}
