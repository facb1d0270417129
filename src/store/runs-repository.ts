/**
 * The runs table: one row per search or retrain, with its fully resolved config, seed, backend and package
 * versions (docs/architecture.md §3), its status, and the run list with the summary a UI shows. Status changes keep
 * started_at / ended_at consistent; the lifecycle itself (who may move a run where) belongs to the host.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EnasError, wireErrorSchema } from '../shared/errors';
import type { WireError } from '../shared/errors';
import { ENDED_RUN_STATUSES, RETRAIN_TEST_SERIES, runStatusSchema } from '../shared/run';
import type { RunRecord, RunStatus, RunSummary } from '../shared/run';
import { jsonColumn, parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface NewRun {
  name: string;
  tags?: string[];
  notes?: string;
  space: string;
  strategy: string;
  preset: string;
  datasetId: number | null;
  config: RunRecord['config'];
  seed: number;
  backend: string;
  versions: Record<string, string>;
  /** The search run this run retrains. */
  parentRunId?: number | null;
}

export interface RunAnnotation {
  name?: string;
  tags?: string[];
  notes?: string;
}

export interface RunsRepository {
  create(run: NewRun): RunRecord;
  get(id: number): RunRecord | undefined;
  /** Every run, newest first, with best reward, best valid score, sample count and duration. */
  list(): RunSummary[];
  /**
   * Moves a run to `status`: entering `running` sets started_at once and clears ended_at; entering an
   * ended status sets ended_at. `error` (why it failed or paused) replaces the previous one.
   */
  setStatus(id: number, status: RunStatus, error?: WireError): RunRecord;
  annotate(id: number, annotation: RunAnnotation): RunRecord;
  /** Records the compute backend the trainer picked (replacing the requested one, e.g. `auto`) and versions. */
  setBackend(id: number, backend: string, versions: Record<string, string>): RunRecord;
  /** Deletes the run and, by cascade, its metrics, samples, derived architectures, checkpoints and events. */
  delete(id: number): void;
  /**
   * Start-up recovery (docs/reliability.md T1.5): every run still `running` belongs to a process that is gone,
   * so it becomes `interrupted`, ended at its last recorded event (or its start). Returns the ids changed.
   */
  markRunningAsInterrupted(): number[];
}

const runColumns = {
  id: z.number().int(),
  name: z.string(),
  tags: jsonColumn(z.array(z.string())),
  notes: z.string(),
  space: z.string(),
  strategy: z.string(),
  preset: z.string(),
  dataset_id: z.number().int().nullable(),
  status: runStatusSchema,
  config: jsonColumn(z.json()),
  seed: z.number().int(),
  backend: z.string(),
  versions: jsonColumn(z.record(z.string(), z.string())),
  parent_run_id: z.number().int().nullable(),
  created_at: z.number().int(),
  started_at: z.number().int().nullable(),
  ended_at: z.number().int().nullable(),
  error: jsonColumn(wireErrorSchema.nullable()),
};

type RunRow = z.output<z.ZodObject<typeof runColumns>>;

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    name: r.name,
    tags: r.tags,
    notes: r.notes,
    space: r.space,
    strategy: r.strategy,
    preset: r.preset,
    datasetId: r.dataset_id,
    status: r.status,
    config: r.config,
    seed: r.seed,
    backend: r.backend,
    versions: r.versions,
    parentRunId: r.parent_run_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    error: r.error,
  };
}

const runRowSchema = z.object(runColumns);
const summaryRowSchema = z.object({
  ...runColumns,
  best_reward: z.number().nullable(),
  best_valid_score: z.number().nullable(),
  sample_count: z.number().int(),
  test_score: z.number().nullable(),
});

const ENDED_SQL = ENDED_RUN_STATUSES.map((s) => `'${s}'`).join(', ');

export function createRunsRepository({ db, file, now }: StoreContext): RunsRepository {
  const insert = db.prepare(`
    INSERT INTO runs (name, tags, notes, space, strategy, preset, dataset_id, status, config, seed, backend,
                      versions, parent_run_id, created_at, uuid)
    VALUES (@name, @tags, @notes, @space, @strategy, @preset, @datasetId, 'created', @config, @seed, @backend,
            @versions, @parentRunId, @now, @uuid)`);
  const selectOne = db.prepare('SELECT * FROM runs WHERE id = ?');
  const selectSummaries = db.prepare(`
    SELECT r.*,
      (SELECT MAX(s.reward) FROM samples s WHERE s.run_id = r.id AND s.status = 'ok') AS best_reward,
      -- Each metric's own direction: a language model's perplexity is best at its lowest.
      CASE WHEN r.space = 'rnn'
        THEN (SELECT MIN(s.valid_score) FROM samples s WHERE s.run_id = r.id AND s.status = 'ok')
        ELSE (SELECT MAX(s.valid_score) FROM samples s WHERE s.run_id = r.id AND s.status = 'ok')
      END AS best_valid_score,
      (SELECT COUNT(*) FROM samples s WHERE s.run_id = r.id) AS sample_count,
      -- A retrain's result: its final test accuracy (images) or test perplexity (text), if it finished.
      (SELECT m.value FROM metric_series ms JOIN metrics m ON m.series_id = ms.id
        WHERE ms.run_id = r.id AND ms.name IN ('${RETRAIN_TEST_SERIES.accuracy}', '${RETRAIN_TEST_SERIES.perplexity}')
        ORDER BY m.step DESC LIMIT 1) AS test_score
    FROM runs r ORDER BY r.created_at DESC, r.id DESC`);
  const updateStatus = db.prepare(`
    UPDATE runs SET
      status = @status,
      started_at = CASE WHEN @status = 'running' THEN COALESCE(started_at, @now) ELSE started_at END,
      ended_at = CASE WHEN @status = 'running' THEN NULL
                      WHEN @status IN (${ENDED_SQL}) THEN @now
                      ELSE ended_at END,
      error = @error
    WHERE id = @id`);
  const updateAnnotation = db.prepare(`
    UPDATE runs SET name = COALESCE(@name, name), tags = COALESCE(@tags, tags), notes = COALESCE(@notes, notes)
    WHERE id = @id`);
  const updateBackend = db.prepare('UPDATE runs SET backend = @backend, versions = @versions WHERE id = @id');
  const deleteOne = db.prepare('DELETE FROM runs WHERE id = ?');
  const interruptRunning = db.prepare(`
    UPDATE runs SET
      status = 'interrupted',
      ended_at = MAX(COALESCE(started_at, created_at),
                     COALESCE((SELECT MAX(e.ts) FROM events e WHERE e.run_id = runs.id), 0))
    WHERE status = 'running'
    RETURNING id`);

  const get = (id: number): RunRecord | undefined => {
    const row: unknown = selectOne.get(id);
    return row === undefined ? undefined : toRecord(parseRow(runRowSchema, row, file, `runs row ${id}`));
  };
  const mustGet = (id: number): RunRecord => {
    const run = get(id);
    if (run === undefined) throw new EnasError('STORE_NOT_FOUND', `${file}: no run with id ${id}`, { file, runId: id });
    return run;
  };

  return {
    create(run) {
      const result = insert.run({
        name: run.name,
        tags: JSON.stringify(run.tags ?? []),
        notes: run.notes ?? '',
        space: run.space,
        strategy: run.strategy,
        preset: run.preset,
        datasetId: run.datasetId,
        config: JSON.stringify(run.config),
        seed: run.seed,
        backend: run.backend,
        versions: JSON.stringify(run.versions),
        parentRunId: run.parentRunId ?? null,
        now: now(),
        // Its identity across databases (migration 005): a Slurm task's runs are merged by it.
        uuid: randomUUID(),
      });
      return mustGet(Number(result.lastInsertRowid));
    },
    get,
    list() {
      const t = now();
      return selectSummaries.all().map((row, i): RunSummary => {
        const r = parseRow(summaryRowSchema, row, file, `runs list row ${i}`);
        const durationMs = r.started_at === null ? null : Math.max(0, (r.ended_at ?? t) - r.started_at);
        return {
          ...toRecord(r),
          bestReward: r.best_reward,
          bestValidScore: r.best_valid_score,
          testScore: r.test_score,
          sampleCount: r.sample_count,
          durationMs,
        };
      });
    },
    setStatus(id, status, error) {
      const params = { id, status, now: now(), error: error === undefined ? null : JSON.stringify(error) };
      if (updateStatus.run(params).changes === 0) mustGet(id);
      return mustGet(id);
    },
    annotate(id, annotation) {
      const params = {
        id,
        name: annotation.name ?? null,
        tags: annotation.tags === undefined ? null : JSON.stringify(annotation.tags),
        notes: annotation.notes ?? null,
      };
      if (updateAnnotation.run(params).changes === 0) mustGet(id);
      return mustGet(id);
    },
    setBackend(id, backend, versions) {
      if (updateBackend.run({ id, backend, versions: JSON.stringify(versions) }).changes === 0) mustGet(id);
      return mustGet(id);
    },
    delete(id) {
      if (deleteOne.run(id).changes === 0) mustGet(id);
    },
    markRunningAsInterrupted() {
      return interruptRunning.all().map((row) => parseRow(z.object({ id: z.number().int() }), row, file, 'runs').id);
    },
  };
}
