/**
 * A study on a Slurm cluster, from this side: submit its chains as one array job, read their states
 * (squeue, then sacct, then scontrol where the cluster keeps no accounting), merge each completed task's
 * database into the local store, cancel tasks (scancel), and resubmit the tasks that did not complete.
 * Everything known is in the store (study_slurm, study_slurm_tasks), so any later process (`enas study
 * show`, the Studies view) picks up where the last one left off.
 */
import { join } from 'node:path';
import { EnasError } from '../../shared/errors';
import { SLURM_ENDED_STATES } from '../../shared/slurm';
import type { SlurmSettings, SlurmStudy, SlurmTask } from '../../shared/slurm';
import type { StudyRecord } from '../../shared/study';
import type { Store } from '../../store/store';
import { resolveDataset } from '../dataset-resolver';
import { planStudy } from '../studies/study-plan';
import type { SlurmHost } from './slurm-host';
import { localSlurmHost, sshSlurmHost } from './slurm-host';
import { DATASET_DIR, SCRIPT_FILE, STUDY_FILE, jobScript, sbatchArgs, studyFile, taskDatabase } from './slurm-script';
import { EMBEDDED_DATASETS } from '../embedded-datasets';
import { parseSbatchJobId, parseScontrolJobs, parseTaskLines, taskStateOf } from './slurm-states';

export interface SlurmStudyDeps {
  store: Store;
  /** The local data folder: collected task databases are copied below it (`slurm/study-N/`) before merging. */
  dataDir: string;
  now: () => number;
  /** Default: this machine, or ssh/scp to settings.remote. */
  hostFor?: (settings: SlurmSettings) => SlurmHost;
}

export interface RefreshReport {
  slurm: SlurmStudy;
  /** Runs merged into the local store by this refresh. */
  mergedRuns: number;
}

const defaultHost = (settings: SlurmSettings): SlurmHost => (settings.remote === null ? localSlurmHost() : sshSlurmHost(settings.remote));

/** Chain i of the plan in words: "enas seed 1 search + retrain". */
export function chainLabels(study: Pick<StudyRecord, 'name' | 'spec' | 'randomK'>): string[] {
  return planStudy(study.name, study.spec, study.randomK).map((chain) => {
    const first = chain[0];
    if (first === undefined) return 'nothing';
    const what = first.slot.strategy === 'random' ? `architecture ${first.slot.slot + 1} retrain` : chain.map((p) => p.slot.role).join(' + ');
    return `${first.slot.strategy} seed ${first.slot.seed} ${what}`;
  });
}

function mustGet(store: Store, studyId: number): { study: StudyRecord; slurm: SlurmStudy } {
  const study = store.studies.get(studyId);
  if (study === undefined) throw new EnasError('STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
  const slurm = store.slurm.get(studyId);
  if (slurm === undefined) throw new EnasError('STUDY_BAD_STATE', `study ${studyId} runs in the workbench, not on Slurm`, { studyId });
  return { study, slurm };
}

async function sbatch(host: SlurmHost, studyId: number, settings: SlurmSettings, indices: readonly number[]): Promise<string> {
  const made = await host.run('mkdir', ['-p', `${settings.workdir}/logs`]);
  if (made.code !== 0) throw new EnasError('SLURM_COMMAND_FAILED', `mkdir -p ${settings.workdir}/logs on ${host.where}: ${made.stderr.trim()}`);
  const r = await host.run('sbatch', sbatchArgs(studyId, settings, indices));
  if (r.code !== 0) throw new EnasError('SLURM_COMMAND_FAILED', `sbatch on ${host.where} refused the study (exit ${r.code}): ${r.stderr.trim()}`, { studyId });
  const jobId = parseSbatchJobId(r.stdout);
  if (jobId === undefined) throw new EnasError('SLURM_BAD_OUTPUT', `sbatch --parsable printed "${r.stdout.trim()}", not a job id`, { studyId });
  return jobId;
}

/** Writes the study's files to the work folder and submits every chain as one array job. */
export async function submitStudy(deps: SlurmStudyDeps, study: StudyRecord, settings: SlurmSettings): Promise<SlurmStudy> {
  const host = (deps.hostFor ?? defaultHost)(settings);
  const labels = chainLabels(study);
  const dataset = resolveDataset(deps.store, deps.dataDir, study.spec.base.dataset);
  const embedded = EMBEDDED_DATASETS.some((d) => d.name === dataset.record.name);
  // Embedded datasets ship with the project on the cluster; any other goes along, once for all tasks.
  if (!embedded) await host.push(dataset.dir, `${settings.workdir}/${DATASET_DIR}`);
  await host.writeFile(`${settings.workdir}/${STUDY_FILE}`, studyFile(study, embedded ? null : dataset.record), 0o644);
  await host.writeFile(`${settings.workdir}/${SCRIPT_FILE}`, jobScript(settings), 0o755);
  deps.store.slurm.create(study.id, settings);
  let jobId: string;
  try {
    jobId = await sbatch(host, study.id, settings, labels.map((_, i) => i));
  } catch (err) {
    // Recorded as never submitted (job 0), so the study stays a Slurm study and `resume` submits it.
    deps.store.slurm.putTasks(study.id, labels.map((label, task) => ({ task, label, jobId: '0', state: 'failed', slurmState: 'NOT SUBMITTED', updatedAt: deps.now() })));
    throw err;
  }
  const at = deps.now();
  deps.store.slurm.putTasks(study.id, labels.map((label, task) => ({ task, label, jobId, state: 'pending', slurmState: 'PENDING', updatedAt: at })));
  return mustGet(deps.store, study.id).slurm;
}

/** Task index → Slurm's state word for the live tasks of `jobId` (squeue), then the ended ones (sacct/scontrol). */
async function slurmStates(host: SlurmHost, jobId: string): Promise<Map<number, string>> {
  const queued = await host.run('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T']);
  // squeue refuses a job id the controller has forgotten ("Invalid job id"): nothing of it is queued.
  if (queued.code !== 0 && !/invalid job id/i.test(queued.stderr)) {
    throw new EnasError('SLURM_COMMAND_FAILED', `squeue on ${host.where} failed (exit ${queued.code}): ${queued.stderr.trim()}`, { jobId });
  }
  const states = queued.code === 0 ? parseTaskLines(queued.stdout, jobId) : new Map<number, string>();
  const ended = await host.run('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State']);
  if (ended.code === 0) {
    for (const [task, state] of parseTaskLines(ended.stdout, jobId)) if (!states.has(task)) states.set(task, state);
    return states;
  }
  // No accounting storage (a small cluster, the test's single node): the controller still answers for its
  // finished jobs for MinJobAge seconds.
  const shown = await host.run('scontrol', ['-o', 'show', 'job', jobId]);
  if (shown.code === 0) for (const [task, state] of parseScontrolJobs(shown.stdout, jobId)) if (!states.has(task)) states.set(task, state);
  return states;
}

/**
 * Reads every task's state from Slurm, then merges the completed tasks' databases into the local store.
 * `again`: fetch and merge the already collected tasks too (after restoring the local store from a backup,
 * say); runs the store has are recognised by uuid and not added twice.
 */
export async function refreshStudy(deps: SlurmStudyDeps, studyId: number, again = false): Promise<RefreshReport> {
  const { study, slurm } = mustGet(deps.store, studyId);
  const host = (deps.hostFor ?? defaultHost)(slurm.settings);
  const at = deps.now();
  const updated: SlurmTask[] = [];
  for (const jobId of new Set(slurm.tasks.filter((t) => t.state !== 'collected' && t.jobId !== '0').map((t) => t.jobId))) {
    const states = await slurmStates(host, jobId);
    for (const task of slurm.tasks.filter((t) => t.jobId === jobId && t.state !== 'collected')) {
      const word = states.get(task.task);
      // Forgotten by Slurm with no record of how it ended: keep a live state's last word as `unknown`.
      const state = word === undefined ? (SLURM_ENDED_STATES.includes(task.state) ? task.state : 'unknown') : taskStateOf(word);
      if (state !== task.state || (word !== undefined && word !== task.slurmState)) updated.push({ ...task, state, slurmState: word ?? task.slurmState, updatedAt: at });
    }
  }
  deps.store.slurm.putTasks(studyId, updated);
  let mergedRuns = 0;
  const dataset = resolveDataset(deps.store, deps.dataDir, study.spec.base.dataset);
  const chains = planStudy(study.name, study.spec, study.randomK);
  // `unknown` too: a task Slurm has forgotten (no accounting, past MinJobAge) may well have finished; its
  // database says so.
  const mergeable = (t: SlurmTask): boolean => t.jobId !== '0' && (t.state === 'completed' || t.state === 'unknown' || (again && t.state === 'collected'));
  for (const task of mustGet(deps.store, studyId).slurm.tasks.filter(mergeable)) {
    const local = join(deps.dataDir, 'slurm', `study-${studyId}`, `task-${task.task}.db`);
    if (!(await host.fetch(taskDatabase(slurm.settings.workdir, task.task), local))) {
      if (task.state === 'completed') deps.store.slurm.putTasks(studyId, [{ ...task, state: 'failed', slurmState: `${task.slurmState} (no task.db)`, updatedAt: at }]);
      continue;
    }
    const report = deps.store.mergeStudyDatabase(local, studyId, dataset.record.id);
    mergedRuns += report.added.length;
    // Collected once every planned run of its chain completed; a task whose chain fell short (a run failed,
    // its search derived nothing) keeps its state with what it merged, and resume runs it again.
    const complete = report.added.length + report.alreadyPresent === (chains[task.task]?.length ?? Number.POSITIVE_INFINITY);
    if (complete && task.state !== 'collected') deps.store.slurm.putTasks(studyId, [{ ...task, state: 'collected', updatedAt: at }]);
  }
  return { slurm: mustGet(deps.store, studyId).slurm, mergedRuns };
}

/** scancel of the study's live tasks, or of one task; returns the tasks it asked Slurm to cancel. */
export async function cancelStudy(deps: SlurmStudyDeps, studyId: number, only?: number): Promise<number[]> {
  const { slurm } = mustGet(deps.store, studyId);
  const host = (deps.hostFor ?? defaultHost)(slurm.settings);
  if (only !== undefined && !slurm.tasks.some((t) => t.task === only)) {
    throw new EnasError('STUDY_BAD_STATE', `study ${studyId} has no task ${only} (tasks 0..${slurm.tasks.length - 1})`, { studyId });
  }
  const live = slurm.tasks.filter((t) => !SLURM_ENDED_STATES.includes(t.state) && (only === undefined || t.task === only));
  if (live.length === 0) return [];
  const r = await host.run('scancel', live.map((t) => `${t.jobId}_${t.task}`));
  if (r.code !== 0) throw new EnasError('SLURM_COMMAND_FAILED', `scancel on ${host.where} failed (exit ${r.code}): ${r.stderr.trim()}`, { studyId });
  // Recorded now: a task cancelled while pending leaves no trace on a cluster without accounting (the
  // controller purges it at once). What Slurm reports later (a task that was ending anyway) overrides this.
  const at = deps.now();
  deps.store.slurm.putTasks(studyId, live.map((t) => ({ ...t, state: 'cancelled', slurmState: 'CANCELLED (scancel sent)', updatedAt: at })));
  return live.map((t) => t.task);
}

/** Submits again, as one new array job, every task that ended without completing; returns their indices. */
export async function resubmitStudy(deps: SlurmStudyDeps, studyId: number): Promise<{ tasks: number[]; jobId: string | null }> {
  await refreshStudy(deps, studyId);
  const { slurm } = mustGet(deps.store, studyId);
  const again = slurm.tasks.filter((t) => SLURM_ENDED_STATES.includes(t.state) && t.state !== 'collected');
  if (again.length === 0) return { tasks: [], jobId: null };
  const host = (deps.hostFor ?? defaultHost)(slurm.settings);
  const jobId = await sbatch(host, studyId, slurm.settings, again.map((t) => t.task));
  const at = deps.now();
  deps.store.slurm.putTasks(studyId, again.map((t) => ({ ...t, jobId, state: 'pending', slurmState: 'PENDING', updatedAt: at })));
  return { tasks: again.map((t) => t.task), jobId };
}
