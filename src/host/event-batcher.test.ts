import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkbenchEvent } from '../shared/api';
import { createEventBatcher } from './event-batcher';
import { systemClock } from './ports';

const deleted = (runId: number): WorkbenchEvent => ({ type: 'run-deleted', runId });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createEventBatcher', () => {
  it('sends every event of one 50 ms window as one batch, in order, when the window closes', () => {
    const sent: WorkbenchEvent[][] = [];
    const batcher = createEventBatcher((events) => sent.push(events), systemClock, 50);
    for (let i = 1; i <= 60; i++) batcher.push(deleted(i));
    vi.advanceTimersByTime(49);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.map((e) => (e.type === 'run-deleted' ? e.runId : 0))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('keeps at most one message per window for a steady stream of 200 events a second', () => {
    const sent: WorkbenchEvent[][] = [];
    const batcher = createEventBatcher((events) => sent.push(events), systemClock, 50);
    for (let i = 1; i <= 200; i++) {
      batcher.push(deleted(i));
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(50);
    expect(sent.length).toBeLessThanOrEqual(21);
    expect(sent.flat()).toHaveLength(200);
  });

  it('sends nothing for an empty window, flushes on demand, and drops what is pending once disposed', () => {
    const sent: WorkbenchEvent[][] = [];
    const batcher = createEventBatcher((events) => sent.push(events), systemClock, 50);
    vi.advanceTimersByTime(200);
    expect(sent).toEqual([]);
    batcher.push(deleted(1));
    batcher.flush();
    expect(sent).toEqual([[deleted(1)]]);
    batcher.push(deleted(2));
    batcher.dispose();
    batcher.push(deleted(3));
    vi.advanceTimersByTime(200);
    expect(sent).toEqual([[deleted(1)]]);
  });
});
