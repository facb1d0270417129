/**
 * Run events: the log lines a run produced (trainer messages, host decisions such as "marked interrupted"),
 * appended through writeBatch and read back in order, a page at a time, for the run's log view.
 */
import { z } from 'zod';
import type { EventLevel, RunEvent } from '../shared/run';
import { parseArgument, parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface NewRunEvent {
  runId: number;
  level: EventLevel;
  message: string;
  /** When it happened (epoch ms); the store's clock when absent. */
  ts?: number;
}

export interface EventsRepository {
  /** A run's events with id > `afterId` (all when absent), oldest first, at most `limit` (default 500). */
  list(runId: number, options?: { afterId?: number; limit?: number }): RunEvent[];
}

const eventRowSchema = z
  .object({
    id: z.number().int(),
    run_id: z.number().int(),
    ts: z.number().int(),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
  })
  .transform((r): RunEvent => ({ id: r.id, runId: r.run_id, ts: r.ts, level: r.level, message: r.message }));

const listOptionsSchema = z.object({
  afterId: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(10_000).default(500),
});

export function createEventsRepository({ db, file }: StoreContext): EventsRepository {
  const select = db.prepare('SELECT * FROM events WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?');
  return {
    list(runId, options = {}) {
      const { afterId, limit } = parseArgument(listOptionsSchema, options, 'event list options');
      return select.all(runId, afterId, limit).map((row, i) => parseRow(eventRowSchema, row, file, `events row ${i}`));
    },
  };
}

/** The write side, used only inside writeBatch's transaction. */
export function createEventWriter({ db, now }: StoreContext): (events: readonly NewRunEvent[]) => void {
  const insert = db.prepare('INSERT INTO events (run_id, ts, level, message) VALUES (?, ?, ?, ?)');
  return (events) => {
    for (const e of events) insert.run(e.runId, e.ts ?? now(), e.level, e.message);
  };
}
