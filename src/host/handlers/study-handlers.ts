/**
 * Handlers of the `studies.*` methods: create a study (its k of `random` fixed from the dataset at creation)
 * and start running it, list studies with their progress, read one's result table, stop and resume one, and
 * find the study of a run.
 */
import type { ApiHandlers } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import type { StudyRecord } from '../../shared/study';
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
  const summary = (study: StudyRecord) => {
    const links = store.studies.links(study.id);
    const status = studyStatus(study, links, (runId) => store.runs.get(runId)?.status ?? null, runner.isRunning(study.id));
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
      return computeStudyResult(store, mustGet(studyId), runner.isRunning(studyId));
    },
    async 'studies.rewards'({ studyId, points }) {
      return studyRewardCurves(store, mustGet(studyId), points);
    },
    async 'studies.resume'({ studyId, chains }) {
      const study = mustGet(studyId);
      runner.run(studyId, chains);
      return summary(study);
    },
    async 'studies.stop'({ studyId }) {
      const study = mustGet(studyId);
      if (!runner.isRunning(studyId)) throw new EnasError('STUDY_BAD_STATE', `cannot stop study ${studyId}: it is not running`, { studyId });
      await runner.stop(studyId);
      return summary(study);
    },
    async 'studies.ofRun'({ runId }) {
      return store.studies.linkOf(runId) ?? null;
    },
  };
}
