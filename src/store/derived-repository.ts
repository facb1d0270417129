/**
 * Derived architectures: after a search, the derive step scores candidates and ranks them; rank 1 is the
 * architecture retrained from scratch. A new derive replaces the whole ranking at once.
 */
import { z } from 'zod';
import type { DerivedArchitecture } from '../shared/run';
import { parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface DerivedRepository {
  /** Replaces the run's ranking with `ranked` (ranks must be distinct and ≥ 1), in one transaction. */
  replace(runId: number, ranked: readonly Omit<DerivedArchitecture, 'runId'>[]): void;
  /** The run's ranking, best (rank 1) first. */
  list(runId: number): DerivedArchitecture[];
}

const derivedRowSchema = z
  .object({
    run_id: z.number().int(),
    rank: z.number().int(),
    arc: z.string(),
    arch_id: z.string(),
    score: z.number(),
  })
  .transform((r): DerivedArchitecture => ({ runId: r.run_id, rank: r.rank, arc: r.arc, archId: r.arch_id, score: r.score }));

export function createDerivedRepository({ db, file }: StoreContext): DerivedRepository {
  const clear = db.prepare('DELETE FROM derived_architectures WHERE run_id = ?');
  const insert = db.prepare(
    'INSERT INTO derived_architectures (run_id, rank, arc, arch_id, score) VALUES (@runId, @rank, @arc, @archId, @score)',
  );
  const select = db.prepare('SELECT * FROM derived_architectures WHERE run_id = ? ORDER BY rank');
  const replace = db.transaction((runId: number, ranked: readonly Omit<DerivedArchitecture, 'runId'>[]) => {
    clear.run(runId);
    for (const d of ranked) insert.run({ runId, rank: d.rank, arc: d.arc, archId: d.archId, score: d.score });
  });
  return {
    replace(runId, ranked) {
      replace(runId, ranked);
    },
    list(runId) {
      return select.all(runId).map((row, i) => parseRow(derivedRowSchema, row, file, `derived_architectures row ${i}`));
    },
  };
}
