/**
 * The Slurm side of `enas study`: `--on slurm` creates the study here, submits its chains as one array job
 * and (unless --no-wait) polls until every task ended, merging finished tasks as they come; `study show`
 * polls once before printing; `study resume` submits again the tasks that ended without completing;
 * `study cancel` calls scancel. The task states print as a table under the study's result.
 */
import { dirname } from 'node:path';
import type { OpenedWorkbench } from '../../host/open-workbench';
import { cancelStudy, refreshStudy, resubmitStudy, submitStudy } from '../../host/slurm/slurm-study';
import type { SlurmStudyDeps } from '../../host/slurm/slurm-study';
import { createStudyRecord } from '../../host/studies/create-study';
import { resolveDataset } from '../../host/dataset-resolver';
import { SLURM_ENDED_STATES } from '../../shared/slurm';
import type { SlurmStudy } from '../../shared/slurm';
import type { StudySpec } from '../../shared/study';
import type { CliIo } from '../cli-io';
import { formatTime, table } from '../format';
import type { SlurmOptions } from './slurm-options';

export function slurmDeps(opened: OpenedWorkbench): SlurmStudyDeps {
  // Datasets and checkpoints live beside the database (data-paths.ts); collected task databases too.
  return { store: opened.store, dataDir: dirname(opened.store.file), now: Date.now };
}

export function formatSlurmTasks(slurm: SlurmStudy): string {
  const s = slurm.settings;
  const where = `${s.remote ?? 'this machine'}:${s.workdir}${s.partition === null ? '' : ` · partition ${s.partition}`}${s.gpusPerRun > 0 ? ` · ${s.gpusPerRun} GPU per task` : ''}${s.time === null ? '' : ` · time ${s.time}`}`;
  return `slurm: ${where}\n${table(
    ['TASK', 'JOB', 'STATE', 'SLURM', 'CHAIN', 'UPDATED'],
    slurm.tasks.map((t) => [String(t.task), `${t.jobId}_${t.task}`, t.state, t.slurmState, t.label, formatTime(t.updatedAt)]),
  )}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until every task ended (or Ctrl-C, which leaves the tasks running on the cluster). */
export async function followSlurmStudy(deps: SlurmStudyDeps, studyId: number, pollS: number, io: CliIo): Promise<SlurmStudy> {
  let interrupted = false;
  const remove = io.onInterrupt(() => {
    interrupted = true;
  });
  try {
    let last = '';
    for (;;) {
      const { slurm, mergedRuns } = await refreshStudy(deps, studyId);
      const counts = new Map<string, number>();
      for (const t of slurm.tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
      const line = [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
      if (line !== last || mergedRuns > 0) io.stderr(`study ${studyId} on slurm: ${line}${mergedRuns > 0 ? ` (${mergedRuns} runs merged)` : ''}\n`);
      last = line;
      if (slurm.tasks.every((t) => SLURM_ENDED_STATES.includes(t.state))) return slurm;
      if (interrupted) {
        io.stderr(`the tasks keep running on the cluster: check with enas study show ${studyId}, stop with enas study cancel ${studyId}\n`);
        return slurm;
      }
      const until = Date.now() + pollS * 1000;
      while (Date.now() < until && !interrupted) await sleep(Math.min(250, until - Date.now()));
    }
  } finally {
    remove();
  }
}

/** Creates the study in this store and submits it; returns its id. */
export async function submitSlurmStudy(opened: OpenedWorkbench, name: string | undefined, spec: StudySpec, options: SlurmOptions, io: CliIo): Promise<number> {
  const deps = slurmDeps(opened);
  // By name, not id: the tasks' databases number their datasets from 1.
  const dataset = resolveDataset(opened.store, deps.dataDir, spec.base.dataset).record.name;
  const study = createStudyRecord(opened.store, deps.dataDir, name, { ...spec, base: { ...spec.base, dataset } });
  // Each study gets a folder of its own below --workdir, so two studies never share task databases.
  const settings = { ...options.settings, workdir: `${options.settings.workdir}/study-${study.id}` };
  const slurm = await submitStudy(deps, study, settings);
  io.stderr(`study ${study.id}: ${slurm.tasks.length} tasks submitted as array job ${slurm.tasks[0]?.jobId ?? '?'} on ${settings.remote ?? 'this machine'} (${settings.workdir})\n`);
  return study.id;
}

export async function cancelSlurmStudy(opened: OpenedWorkbench, studyId: number, task: number | undefined, io: CliIo): Promise<void> {
  const deps = slurmDeps(opened);
  const cancelled = await cancelStudy(deps, studyId, task);
  io.stderr(cancelled.length === 0 ? `study ${studyId}: no task to cancel (none is queued or running)\n` : `study ${studyId}: scancel of task${cancelled.length > 1 ? 's' : ''} ${cancelled.join(', ')}\n`);
  const { slurm } = await refreshStudy(deps, studyId);
  io.stdout(formatSlurmTasks(slurm));
}

export async function resubmitSlurmStudy(opened: OpenedWorkbench, studyId: number, io: CliIo): Promise<void> {
  const { tasks, jobId } = await resubmitStudy(slurmDeps(opened), studyId);
  io.stderr(jobId === null ? `study ${studyId}: every task is completed, queued or running; nothing to resubmit\n` : `study ${studyId}: resubmitted task${tasks.length > 1 ? 's' : ''} ${tasks.join(', ')} as array job ${jobId}\n`);
}
