/**
 * Runs studies in the host: walks a study's plan (study-plan.ts) and makes each planned run exist, start or
 * resume, then waits for it through the run lifecycle, as many chains at once as the study asks for but
 * never more than the machine has cores. Everything it knows lives in the store (the links of study_runs and
 * the runs' statuses), so a host killed mid-study loses nothing: the next `resume` skips completed runs,
 * resumes interrupted ones from their checkpoints and creates only what was never created.
 */
import type { WorkbenchEvent } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import type { Job } from '../../shared/protocol';
import type { RunRecord, RunStatus } from '../../shared/run';
import type { StudyRecord } from '../../shared/study';
import type { Store } from '../../store/store';
import { resolveDataset } from '../dataset-resolver';
import type { Logger } from '../ports';
import type { RunLifecycle } from '../run-lifecycle';
import { toStoredConfig } from '../stored-config';
import { planStudy } from './study-plan';
import type { PlannedRun, StudyChain } from './study-plan';

export interface StudyRunnerOptions {
  store: Store;
  lifecycle: RunLifecycle;
  dataDir: string;
  /** Cores of this machine: the cap on trainers at once. */
  cores: number;
  log: Logger;
  emit(event: WorkbenchEvent): void;
}

export interface StudyRunner {
  /**
   * Starts running what is left of the study in the background; STUDY_BAD_STATE when it already runs.
   * `chains`: only these chains of the plan (by index), as a Slurm array task runs one.
   */
  run(studyId: number, chains?: readonly number[]): void;
  /** Stops scheduling and stops the study's running runs (each checkpoints); resolves once they ended. */
  stop(studyId: number): Promise<void>;
  isRunning(studyId: number): boolean;
  /** Resolves once the study is not running in this host. */
  idle(studyId: number): Promise<void>;
  /** Trainers the study may run at once: its `parallel`, capped at the cores. */
  parallelism(study: StudyRecord): number;
  shutdown(): Promise<void>;
}

const RESUMABLE: readonly RunStatus[] = ['interrupted', 'stopped', 'paused', 'failed'];

interface ActiveStudy {
  stopRequested: boolean;
  runs: Set<number>;
  done: Promise<void>;
}

export function createStudyRunner(options: StudyRunnerOptions): StudyRunner {
  const { store, lifecycle, log } = options;
  const active = new Map<number, ActiveStudy>();
  const parallelism = (study: StudyRecord): number => Math.max(1, Math.min(study.spec.parallel, options.cores));
  const changed = (studyId: number): void => options.emit({ type: 'study-updated', studyId });

  const runOf = (studyId: number, planned: PlannedRun): RunRecord | undefined => {
    const link = store.studies
      .links(studyId)
      .find((l) => l.strategy === planned.slot.strategy && l.seed === planned.slot.seed && l.role === planned.slot.role && l.slot === planned.slot.slot);
    return link === undefined ? undefined : store.runs.get(link.runId);
  };

  const createRun = (study: StudyRecord, planned: PlannedRun, job: Job, parentRunId: number | null): RunRecord => {
    const dataset = resolveDataset(store, options.dataDir, planned.config.dataset);
    const run = store.studies.createLinkedRun(study.id, planned.slot, {
      name: planned.name,
      tags: [`study ${study.id}`],
      notes: '',
      space: planned.config.space.space,
      strategy: planned.slot.strategy,
      preset: planned.config.preset,
      datasetId: dataset.record.id,
      config: toStoredConfig(planned.config, job),
      parentRunId,
      seed: planned.config.seed,
      backend: planned.config.backend,
      versions: {},
    });
    options.emit({ type: 'run-updated', run });
    return run;
  };

  /** Brings one planned run to an end (creating, starting or resuming it); returns it as it ended. */
  const runSlot = async (study: StudyRecord, state: ActiveStudy, planned: PlannedRun, job: Job, parentRunId: number | null): Promise<RunRecord> => {
    let run = runOf(study.id, planned) ?? createRun(study, planned, job, parentRunId);
    if (run.status === 'completed') return run;
    if (run.status === 'created') lifecycle.start(run.id);
    else if (RESUMABLE.includes(run.status)) lifecycle.resume(run.id);
    else if (!lifecycle.isBusy(run.id)) {
      throw new EnasError('STUDY_BAD_STATE', `study ${study.id}: run ${run.id} is ${run.status} but has no trainer in this process`, { runId: run.id });
    }
    state.runs.add(run.id);
    changed(study.id);
    try {
      await lifecycle.idle(run.id);
    } finally {
      state.runs.delete(run.id);
    }
    run = store.runs.get(run.id) ?? run;
    changed(study.id);
    return run;
  };

  const runChain = async (study: StudyRecord, state: ActiveStudy, chain: StudyChain): Promise<void> => {
    let previous: RunRecord | undefined;
    for (const planned of chain) {
      if (state.stopRequested) return;
      let job = planned.job;
      if (job?.kind === 'score') {
        const search = chain[0] === undefined ? undefined : runOf(study.id, chain[0]);
        if (search?.status !== 'completed') return;
        job = { ...job, fromRunId: search.id };
      }
      if (job === null) {
        // The retrain of a search: its best derived architecture (rank 1), as `enas search` retrains it.
        const best = previous === undefined ? undefined : store.derived.list(previous.id)[0];
        if (best === undefined) {
          log.log('warn', `study ${study.id}: ${planned.name}: its search derived no architecture; nothing to retrain`);
          return;
        }
        job = { kind: 'retrain', arc: best.arc };
      }
      const parent = job.kind === 'score' ? job.fromRunId : (previous?.id ?? null);
      const run = await runSlot(study, state, planned, job, parent);
      if (run.status !== 'completed') {
        log.log('warn', `study ${study.id}: run ${run.id} (${planned.name}) ended ${run.status}${run.error === null ? '' : `: ${run.error.message}`}`);
        return;
      }
      previous = run;
    }
  };

  const execute = async (study: StudyRecord, state: ActiveStudy, only: readonly number[] | undefined): Promise<void> => {
    const plan = planStudy(study.name, study.spec, study.randomK);
    const chains = only === undefined ? plan : plan.filter((_, i) => only.includes(i));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!state.stopRequested) {
        const chain = chains[next];
        if (chain === undefined) return;
        next += 1;
        try {
          await runChain(study, state, chain);
        } catch (err) {
          // One chain's trouble (its dataset deleted, a config that no longer parses) must not end the others.
          log.log('error', `study ${study.id}: ${chain[0]?.name ?? 'a chain'}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: parallelism(study) }, worker));
  };

  const mustGet = (studyId: number): StudyRecord => {
    const study = store.studies.get(studyId);
    if (study === undefined) throw new EnasError('STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return study;
  };

  const stop = async (studyId: number): Promise<void> => {
    mustGet(studyId);
    const state = active.get(studyId);
    if (state === undefined) return;
    state.stopRequested = true;
    await Promise.all([...state.runs].map((runId) => lifecycle.stop(runId).catch(() => undefined)));
    await state.done;
  };

  return {
    run(studyId, chains) {
      const study = mustGet(studyId);
      if (active.has(studyId)) throw new EnasError('STUDY_BAD_STATE', `study ${studyId} is already running`, { studyId });
      const state: ActiveStudy = { stopRequested: false, runs: new Set(), done: Promise.resolve() };
      state.done = execute(study, state, chains)
        .catch((err: unknown) => log.log('error', `study ${studyId} failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          active.delete(studyId);
          changed(studyId);
        });
      active.set(studyId, state);
      changed(studyId);
    },
    stop,
    isRunning: (studyId) => active.has(studyId),
    async idle(studyId) {
      await active.get(studyId)?.done;
    },
    parallelism,
    async shutdown() {
      await Promise.all([...active.keys()].map(stop));
    },
  };
}
