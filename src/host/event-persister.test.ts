import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeFloat32Base64 } from '../shared/float32-base64';
import type { TrainerMessage } from '../shared/protocol';
import type { WriteBatch } from '../store/write-batch';
import { createEventPersister } from './event-persister';
import { systemClock } from './ports';

function metrics(step: number): TrainerMessage {
  return { type: 'step-metrics', step, epoch: 0, metrics: { 'child/loss': 1 / (step + 1), 'child/accuracy': step / 100 } };
}

function setUp(window = { maxSteps: 64, maxDelayMs: 1000 }, fail?: Error) {
  const batches: WriteBatch[] = [];
  const published: TrainerMessage[][] = [];
  const errors: unknown[] = [];
  const calls: string[] = [];
  const persister = createEventPersister({
    runId: 3,
    store: {
      runs: {
        setBackend: (id: number, backend: string) => {
          calls.push(`backend ${id} ${backend}`);
        },
      },
      writeBatch: (batch) => {
        if (fail !== undefined) throw fail;
        calls.push('write');
        batches.push(batch);
      },
    },
    clock: systemClock,
    window,
    publish: (messages) => {
      calls.push('publish');
      published.push([...messages]);
    },
    onError: (err) => errors.push(err),
  });
  return { persister, batches, published, errors, calls };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createEventPersister', () => {
  it('records the backend the trainer selected on the run row at once', () => {
    const { persister, calls } = setUp();
    persister.add({ type: 'backend-selected', backend: 'wasm', reasons: { wasm: 'selected' }, versions: { '@tensorflow/tfjs-core': '4.22.0' } });
    expect(calls).toEqual(['backend 3 wasm']);
  });

  it('stores a controller trace as a trace row with its hidden states decoded', () => {
    const { persister, batches, published } = setUp();
    const hidden = Float32Array.of(0.5, -1, 2, 0.25);
    persister.add({ type: 'controller-trace', seq: 7, epoch: 1, tokens: [2, 0, 3], width: 2, hidden: encodeFloat32Base64(hidden) });
    persister.flush();
    expect(batches[0]?.traces).toEqual([{ runId: 3, seq: 7, epoch: 1, tokens: [2, 0, 3], width: 2, hidden }]);
    // Stored, not pushed to the UI.
    expect(published).toEqual([[]]);
  });

  it('commits one batch as the 64th distinct step arrives, not before', () => {
    const { persister, batches, published } = setUp();
    for (let step = 0; step < 63; step++) persister.add(metrics(step));
    // A second message for a step already in the window does not count as a new step.
    persister.add({ type: 'log', level: 'info', message: 'hello' });
    persister.add(metrics(62));
    expect(batches).toHaveLength(0);
    persister.add(metrics(63));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.metrics).toHaveLength(65 * 2);
    expect(batches[0]?.events).toEqual([expect.objectContaining({ runId: 3, level: 'info', message: 'hello' })]);
    expect(published[0]).toHaveLength(66);
  });

  it('commits what is buffered after at most 1 s', () => {
    const { persister, batches } = setUp();
    persister.add(metrics(0));
    vi.advanceTimersByTime(999);
    persister.add(metrics(1));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.metrics?.map((p) => p.step)).toEqual([0, 0, 1, 1]);
  });

  it('publishes messages only once their batch committed, in order', () => {
    const { persister, published, calls } = setUp({ maxSteps: 2, maxDelayMs: 1000 });
    persister.add(metrics(0));
    expect(published).toEqual([]);
    persister.add(metrics(1));
    expect(calls).toEqual(['write', 'publish']);
    expect(published.flat().map((m) => (m.type === 'step-metrics' ? m.step : -1))).toEqual([0, 1]);
  });

  it('stores a failed sample with its reason, or a placeholder when the trainer gave none', () => {
    const { persister, batches } = setUp();
    const base = {
      type: 'architecture-sampled',
      step: 1,
      epoch: 0,
      phase: 'controller',
      arc: '0 1',
      archId: 'a',
      reward: null,
      baseline: null,
      logProb: null,
      entropy: null,
      validScore: null,
      paramCount: null,
    } as const;
    persister.add({ ...base, seq: 1, status: 'failed', reason: 'shape error' });
    persister.add({ ...base, seq: 2, status: 'failed', reason: null });
    persister.add({ ...base, seq: 3, status: 'ok', reason: 'ignored when ok' });
    persister.flush();
    expect(batches[0]?.samples?.map((s) => s.failure)).toEqual(['shape error', 'no reason given by the trainer', null]);
  });

  it('reports a failing timer flush through onError and throws from a direct flush', () => {
    const disk = new Error('STORE_DISK_FULL');
    const { persister, errors, published } = setUp({ maxSteps: 64, maxDelayMs: 1000 }, disk);
    persister.add(metrics(0));
    vi.advanceTimersByTime(1000);
    expect(errors).toEqual([disk]);
    persister.add(metrics(1));
    expect(() => persister.flush()).toThrow(disk);
    // Nothing that failed to commit is announced.
    expect(published).toEqual([]);
  });
});
