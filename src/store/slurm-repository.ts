/**
 * The study_slurm and study_slurm_tasks tables (migration 005): how a study was submitted to Slurm and what
 * Slurm last said about each of its array tasks. A study without a study_slurm row runs in the host.
 */
import { z } from 'zod';
import { slurmSettingsSchema, slurmTaskStateSchema } from '../shared/slurm';
import type { SlurmSettings, SlurmStudy, SlurmTask } from '../shared/slurm';
import { jsonColumn, parseRow } from './rows';
import type { StoreContext } from './store-context';

export interface SlurmRepository {
  /** Records the settings of a study submitted to Slurm (once, when it is submitted). */
  create(studyId: number, settings: SlurmSettings): void;
  /** The study's settings and tasks by array index, or undefined when the study runs in the host. */
  get(studyId: number): SlurmStudy | undefined;
  /** Inserts or replaces the tasks' rows (a submission, a state Slurm reported, a merge). */
  putTasks(studyId: number, tasks: readonly SlurmTask[]): void;
}

const taskRowSchema = z
  .object({
    task: z.number().int(),
    label: z.string(),
    job_id: z.string(),
    state: slurmTaskStateSchema,
    slurm_state: z.string(),
    updated_at: z.number().int(),
  })
  .transform((r): SlurmTask => ({ task: r.task, label: r.label, jobId: r.job_id, state: r.state, slurmState: r.slurm_state, updatedAt: r.updated_at }));

const settingsRowSchema = z.object({ settings: jsonColumn(slurmSettingsSchema) });

export function createSlurmRepository({ db, file }: StoreContext): SlurmRepository {
  const insert = db.prepare('INSERT INTO study_slurm (study_id, settings) VALUES (?, ?)');
  const selectSettings = db.prepare('SELECT settings FROM study_slurm WHERE study_id = ?');
  const selectTasks = db.prepare('SELECT * FROM study_slurm_tasks WHERE study_id = ? ORDER BY task');
  const upsertTask = db.prepare(`
    INSERT OR REPLACE INTO study_slurm_tasks (study_id, task, label, job_id, state, slurm_state, updated_at)
    VALUES (@studyId, @task, @label, @jobId, @state, @slurmState, @updatedAt)`);
  const putTasks = db.transaction((studyId: number, tasks: readonly SlurmTask[]) => {
    for (const t of tasks) upsertTask.run({ studyId, ...t });
  });
  return {
    create(studyId, settings) {
      insert.run(studyId, JSON.stringify(settings));
    },
    get(studyId) {
      const row: unknown = selectSettings.get(studyId);
      if (row === undefined) return undefined;
      const { settings } = parseRow(settingsRowSchema, row, file, `study_slurm row of study ${studyId}`);
      const tasks = selectTasks.all(studyId).map((r, i) => parseRow(taskRowSchema, r, file, `study_slurm_tasks row ${i} of study ${studyId}`));
      return { settings, tasks };
    },
    putTasks(studyId, tasks) {
      putTasks(studyId, tasks);
    },
  };
}
