/**
 * Handlers of the `studies.*` methods: create a study (its k of `random` fixed from the dataset at creation)
 * and start running it, list studies with their progress, read one's result table, stop and resume one, and
 * find the study of a run. A study on Slurm stops with scancel and resumes by resubmitting its unfinished
 * tasks; it is `running` while any of its tasks is queued or running there.
 */
import type { ApiHandlers } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import type { StudyRecord } from '../../shared/study';
import { SLURM_ENDED_STATES } from '../../shared/slurm';
import { cancelStudy, refreshStudy, resubmitStudy } from '../slurm/slurm-study';
import type { SlurmStudyDeps } from '../slurm/slurm-study';
import { createStudyRecord } from '../studies/create-study';
import { computeStudyResult, studyStatus } from '../studies/study-results';
import { studyRewardCurves } from '../studies/study-rewards';
import type { StudyRunner } from '../studies/study-runner';
import type { HandlerContext } from './handler-context';

type StudyHandlers = Pick<
  ApiHandlers,
  'studies.create' | 'studies.list' | 'studies.get' | 'studies.rewards' | 'studies.resume' | 'studies.stop' | 'studies.ofRun'
>;

export function createStudyHandlers(ctx: HandlerContext, runner: StudyRunner): StudyHandlers {
  const { store } = ctx;
  const mustGet = (studyId: number): StudyRecord => {
    const study = store.studies.get(studyId);
    if (study === undefined) throw new EnasError('STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return study;
  };
  const slurmDeps: SlurmStudyDeps = { store, dataDir: ctx.dataDir, now: () => ctx.clock.now() };
  /** Running here, or (a study on Slurm) with tasks queued or running on the cluster as last seen. */
  const running = (studyId: number): boolean =>
    runner.isRunning(studyId) || (store.slurm.get(studyId)?.tasks.some((t) => !SLURM_ENDED_STATES.includes(t.state)) ?? false);
  const summary = (study: StudyRecord) => {
    const links = store.studies.links(study.id);
    const status = studyStatus(study, links, (runId) => store.runs.get(runId)?.status ?? null, running(study.id));
    return { ...study, ...status };
  };
  return {
    async 'studies.create'({ name, spec }) {
      const study = createStudyRecord(store, ctx.dataDir, name, spec);
      runner.run(study.id);
      return study;
    },
    async 'studies.list'() {
      return store.studies.list().map(summary);
    },
    async 'studies.get'({ studyId }) {
      return computeStudyResult(store, mustGet(studyId), running(studyId));
    },
    async 'studies.rewards'({ studyId, points }) {
      return studyRewardCurves(store, mustGet(studyId), points);
    },
    async 'studies.resume'({ studyId, chains }) {
      const study = mustGet(studyId);
      // A study on Slurm resumes there: its unfinished tasks are submitted again.
      if (store.slurm.get(studyId) !== undefined) await resubmitStudy(slurmDeps, studyId);
      else runner.run(studyId, chains);
      return summary(study);
    },
    async 'studies.stop'({ studyId }) {
      const study = mustGet(studyId);
      if (store.slurm.get(studyId) !== undefined) {
        await cancelStudy(slurmDeps, studyId);
        await refreshStudy(slurmDeps, studyId);
        return summary(study);
      }
      if (!runner.isRunning(studyId)) throw new EnasError('STUDY_BAD_STATE', `cannot stop study ${studyId}: it is not running`, { studyId });
      await runner.stop(studyId);
      return summary(study);
    },
    async 'studies.ofRun'({ runId }) {
      return store.studies.linkOf(runId) ?? null;
    },
  };
}
