/**
 * Search health per run (src/shared/health.ts): the latest document the trainer reported, replaced whole.
 * Read back through the same schema, so a damaged row is a STORE_CORRUPT error, not a wrong verdict.
 */
import { z } from 'zod';
import { searchHealthSchema } from '../shared/health';
import type { SearchHealth } from '../shared/health';
import { jsonColumn, parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface HealthRepository {
  /** Stores `health` as the run's health, replacing what was there. */
  put(runId: number, health: SearchHealth): void;
  /** The run's health, or null if none was reported. */
  get(runId: number): SearchHealth | null;
}

const healthRowSchema = z.object({ health: jsonColumn(searchHealthSchema) });

export function createHealthRepository({ db, file }: StoreContext): HealthRepository {
  const upsert = db.prepare(
    'INSERT INTO run_health (run_id, health) VALUES (@runId, @health) ON CONFLICT (run_id) DO UPDATE SET health = excluded.health',
  );
  const select = db.prepare('SELECT health FROM run_health WHERE run_id = ?');
  return {
    put(runId, health) {
      upsert.run({ runId, health: JSON.stringify(searchHealthSchema.parse(health)) });
    },
    get(runId) {
      const row = select.get(runId);
      return row === undefined ? null : parseRow(healthRowSchema, row, file, `run_health row of run ${runId}`).health;
    },
  };
}
