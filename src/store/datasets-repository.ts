/**
 * The datasets table: every imported dataset (docs/architecture.md §6) with its kind, format, where the normalised
 * copy lives and a summary of counts, shapes and classes. A dataset that runs still use cannot be deleted.
 */
import { z } from 'zod';
import { EnasError } from '../shared/errors';
import { datasetSummarySchema } from '../shared/run';
import type { DatasetRecord, DatasetSummary } from '../shared/run';
import { jsonColumn, parseArgument, parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface NewDataset {
  name: string;
  kind: DatasetRecord['kind'];
  format: string;
  path: string;
  summary: DatasetSummary;
}

export interface DatasetsRepository {
  create(dataset: NewDataset): DatasetRecord;
  get(id: number): DatasetRecord | undefined;
  /** Every dataset, newest first. */
  list(): DatasetRecord[];
  /** Deletes the row (not the files, which the host owns); refused while a run uses the dataset. */
  delete(id: number): void;
}

const datasetRowSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(['image', 'text']),
    format: z.string(),
    path: z.string(),
    created_at: z.number().int(),
    summary: jsonColumn(datasetSummarySchema),
  })
  .transform(
    (r): DatasetRecord => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      format: r.format,
      path: r.path,
      createdAt: r.created_at,
      summary: r.summary,
    }),
  );

export function createDatasetsRepository({ db, file, now }: StoreContext): DatasetsRepository {
  const insert = db.prepare(
    'INSERT INTO datasets (name, kind, format, path, created_at, summary) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectOne = db.prepare('SELECT * FROM datasets WHERE id = ?');
  const selectAll = db.prepare('SELECT * FROM datasets ORDER BY created_at DESC, id DESC');
  const countRuns = db.prepare('SELECT COUNT(*) FROM runs WHERE dataset_id = ?').pluck();
  const deleteOne = db.prepare('DELETE FROM datasets WHERE id = ?');

  const get = (id: number): DatasetRecord | undefined => {
    const row: unknown = selectOne.get(id);
    return row === undefined ? undefined : parseRow(datasetRowSchema, row, file, `datasets row ${id}`);
  };

  return {
    create(dataset) {
      const summary = parseArgument(datasetSummarySchema, dataset.summary, `dataset ${dataset.name} summary`);
      const { lastInsertRowid } = insert.run(
        dataset.name,
        dataset.kind,
        dataset.format,
        dataset.path,
        now(),
        JSON.stringify(summary),
      );
      const created = get(Number(lastInsertRowid));
      if (created === undefined) throw new Error(`dataset ${lastInsertRowid} vanished after insert`);
      return created;
    },
    get,
    list() {
      return selectAll.all().map((row, i) => parseRow(datasetRowSchema, row, file, `datasets list row ${i}`));
    },
    delete(id) {
      const remove = db.transaction(() => {
        const users = z.number().int().parse(countRuns.get(id));
        if (users > 0) {
          throw new EnasError('STORE_CONFLICT', `${file}: dataset ${id} is used by ${users} run(s); delete those runs first`, {
            file,
            datasetId: id,
          });
        }
        if (deleteOne.run(id).changes === 0) {
          throw new EnasError('STORE_NOT_FOUND', `${file}: no dataset with id ${id}`, { file, datasetId: id });
        }
      });
      remove();
    },
  };
}
