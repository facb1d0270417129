/**
 * Merges a Slurm task's database (one chain of a study, run by the headless CLI on a compute node) into the
 * local store: every completed run it holds, with its samples, metric series, derived architectures, health
 * and events, linked to the same plan position of the local study. Runs are keyed by their uuid
 * (migration 005), so merging the same file twice, or a task that was requeued and finished again, adds no
 * row. Runs that did not complete are left out: a resumed task completes them later, under the same uuid.
 *
 * Checkpoint rows are not copied: their files stay in the task's folder on the cluster (the local store only
 * lists checkpoint files it holds). One transaction per file: a merge that fails half way adds nothing.
 */
import { EnasError } from '../shared/errors';
import type { StoreContext } from './store-context';

export interface MergeReport {
  /** Uuids of the runs added to the local store. */
  added: string[];
  /** Completed runs of the file that the local store already had. */
  alreadyPresent: number;
  /** Runs of the file that did not complete (not merged). */
  unfinished: number;
}

interface TaskRun {
  id: number;
  uuid: string | null;
  status: string;
  parent_run_id: number | null;
}

interface TaskLink {
  strategy: string;
  seed: number;
  role: string;
  slot: number;
}

export function mergeStudyDatabase({ db, file }: StoreContext, taskFile: string, studyId: number, datasetId: number): MergeReport {
  const fail = (message: string): EnasError => new EnasError('SLURM_MERGE_FAILED', `${taskFile}: ${message}`, { file: taskFile, into: file });
  try {
    db.prepare('ATTACH DATABASE ? AS task').run(taskFile);
  } catch (err) {
    throw fail(`cannot open it: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const theirs: unknown = db.pragma('task.user_version', { simple: true });
    const ours: unknown = db.pragma('main.user_version', { simple: true });
    if (theirs !== ours) throw fail(`schema version ${String(theirs)} differs from this store's ${String(ours)}; run the same enas version on the cluster`);
    return merge(db, studyId, datasetId, fail);
  } finally {
    db.prepare('DETACH DATABASE task').run();
  }
}

function merge(db: StoreContext['db'], studyId: number, datasetId: number, fail: (m: string) => EnasError): MergeReport {
  const runs = db.prepare('SELECT id, uuid, status, parent_run_id FROM task.runs ORDER BY id').all() as TaskRun[];
  const byId = new Map(runs.map((r) => [r.id, r]));
  const localIdOf = db.prepare('SELECT id FROM main.runs WHERE uuid = ?').pluck();
  const linkOf = db.prepare('SELECT strategy, seed, role, slot FROM task.study_runs WHERE run_id = ?');
  const insertRun = db.prepare(`
    INSERT INTO main.runs (name, tags, notes, space, strategy, preset, dataset_id, status, config, seed, backend, versions,
                           parent_run_id, created_at, started_at, ended_at, error, uuid)
    SELECT name, tags, notes, space, strategy, preset, @datasetId, status,
           CASE WHEN json_extract(config, '$.job.fromRunId') IS NULL THEN config
                ELSE json_set(config, '$.job.fromRunId', @parentId) END,
           seed, backend, versions, @parentId, created_at, started_at, ended_at, error, uuid
    FROM task.runs WHERE id = @id`);
  const insertLink = db.prepare(`
    INSERT INTO main.study_runs (study_id, strategy, seed, role, slot, run_id)
    VALUES (@studyId, @strategy, @seed, @role, @slot, @runId)`);
  const copySamples = db.prepare(`
    INSERT INTO main.samples (run_id, seq, step, arc, arch_id, reward, baseline, log_prob, entropy, valid_score, param_count,
                              status, failure, phase)
    SELECT @to, seq, step, arc, arch_id, reward, baseline, log_prob, entropy, valid_score, param_count, status, failure, phase
    FROM task.samples WHERE run_id = @from`);
  const copyDerived = db.prepare(`
    INSERT INTO main.derived_architectures (run_id, rank, arc, arch_id, score)
    SELECT @to, rank, arc, arch_id, score FROM task.derived_architectures WHERE run_id = @from`);
  const copyHealth = db.prepare('INSERT INTO main.run_health (run_id, health) SELECT @to, health FROM task.run_health WHERE run_id = @from');
  const copyEvents = db.prepare(`
    INSERT INTO main.events (run_id, ts, level, message)
    SELECT @to, ts, level, message FROM task.events WHERE run_id = @from ORDER BY id`);
  const seriesOf = db.prepare('SELECT id, name FROM task.metric_series WHERE run_id = ?');
  const insertSeries = db.prepare('INSERT INTO main.metric_series (run_id, name) VALUES (?, ?)');
  const copyMetrics = db.prepare('INSERT INTO main.metrics (series_id, step, value) SELECT @to, step, value FROM task.metrics WHERE series_id = @from');

  const apply = db.transaction((): MergeReport => {
    const report: MergeReport = { added: [], alreadyPresent: 0, unfinished: 0 };
    for (const run of runs) {
      if (run.status !== 'completed') {
        report.unfinished += 1;
        continue;
      }
      if (run.uuid === null) throw fail(`run ${run.id} has no uuid`);
      if (localIdOf.get(run.uuid) !== undefined) {
        report.alreadyPresent += 1;
        continue;
      }
      const link = linkOf.get(run.id) as TaskLink | undefined;
      if (link === undefined) throw fail(`run ${run.id} belongs to no study`);
      const parentUuid = run.parent_run_id === null ? null : (byId.get(run.parent_run_id)?.uuid ?? null);
      const parentId = parentUuid === null ? null : ((localIdOf.get(parentUuid) as number | undefined) ?? null);
      const to = Number(insertRun.run({ id: run.id, datasetId, parentId }).lastInsertRowid);
      try {
        insertLink.run({ studyId, ...link, runId: to });
      } catch (err) {
        // The slot has another run: a task was submitted twice by hand, or a local run took its place.
        throw fail(`study ${studyId} already has a run for ${link.strategy} seed ${link.seed} ${link.role} ${link.slot} (${err instanceof Error ? err.message : String(err)})`);
      }
      const ids = { from: run.id, to };
      copySamples.run(ids);
      copyDerived.run(ids);
      copyHealth.run(ids);
      copyEvents.run(ids);
      for (const series of seriesOf.all(run.id) as { id: number; name: string }[]) {
        const seriesId = Number(insertSeries.run(to, series.name).lastInsertRowid);
        copyMetrics.run({ from: series.id, to: seriesId });
      }
      report.added.push(run.uuid);
    }
    return report;
  });
  return apply.immediate();
}
