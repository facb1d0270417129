import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEventSchema } from '../shared/run';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore;
let runId: number;
beforeEach(() => {
  t = openTempStore({ now: () => 123 });
  runId = t.store.runs.create(newRun()).id;
});
afterEach(() => t.dispose());

describe('events repository', () => {
  it('returns a run’s events oldest first, stamped with the store clock unless given a time', () => {
    t.store.writeBatch({
      events: [
        { runId, level: 'info', message: 'started', ts: 100 },
        { runId, level: 'warn', message: 'slow step' },
      ],
    });
    const events = t.store.events.list(runId);
    for (const e of events) runEventSchema.parse(e);
    expect(events.map((e) => [e.ts, e.level, e.message])).toEqual([
      [100, 'info', 'started'],
      [123, 'warn', 'slow step'],
    ]);
  });

  it('pages after an id, so a log view can tail a run', () => {
    const other = t.store.runs.create(newRun()).id;
    t.store.writeBatch({
      events: Array.from({ length: 10 }, (_, i) => ({ runId: i % 2 === 0 ? runId : other, level: 'debug' as const, message: `m${i}` })),
    });
    const first = t.store.events.list(runId, { limit: 2 });
    expect(first.map((e) => e.message)).toEqual(['m0', 'm2']);
    const rest = t.store.events.list(runId, { afterId: first.at(-1)?.id ?? 0 });
    expect(rest.map((e) => e.message)).toEqual(['m4', 'm6', 'm8']);
  });

  it('refuses an unknown level', () => {
    expect(() => t.store.writeBatch({ events: [{ runId, level: 'fatal' as 'error', message: 'x' }] })).toThrow(/STORE_CONFLICT/);
  });
});
