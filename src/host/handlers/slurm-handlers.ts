/**
 * Handlers of the Slurm methods of a study (`studies.slurm`, `studies.slurmRefresh`, `studies.slurmCancel`):
 * the Studies view reads the tasks, asks Slurm again (merging what finished) and cancels tasks through them.
 * The Slurm commands run where the study was submitted from: this machine, or over ssh to its --remote.
 */
import type { ApiHandlers } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import { cancelStudy, refreshStudy } from '../slurm/slurm-study';
import type { SlurmStudyDeps } from '../slurm/slurm-study';
import type { HandlerContext } from './handler-context';

type SlurmHandlers = Pick<ApiHandlers, 'studies.slurm' | 'studies.slurmRefresh' | 'studies.slurmCancel'>;

export function createSlurmHandlers(ctx: HandlerContext, hostFor?: SlurmStudyDeps['hostFor']): SlurmHandlers {
  const deps: SlurmStudyDeps = { store: ctx.store, dataDir: ctx.dataDir, now: () => ctx.clock.now(), ...(hostFor === undefined ? {} : { hostFor }) };
  const mustExist = (studyId: number): void => {
    if (ctx.store.studies.get(studyId) === undefined) throw new EnasError('STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
  };
  const refreshed = async (studyId: number) => {
    const { slurm, mergedRuns } = await refreshStudy(deps, studyId);
    ctx.hub.emit({ type: 'study-updated', studyId });
    // Merged runs appear in the Runs view as they would had they run here.
    if (mergedRuns > 0) {
      for (const link of ctx.store.studies.links(studyId)) {
        const run = ctx.store.runs.get(link.runId);
        if (run !== undefined) ctx.hub.emit({ type: 'run-updated', run });
      }
    }
    return slurm;
  };
  return {
    async 'studies.slurm'({ studyId }) {
      mustExist(studyId);
      return ctx.store.slurm.get(studyId) ?? null;
    },
    async 'studies.slurmRefresh'({ studyId }) {
      mustExist(studyId);
      return refreshed(studyId);
    },
    async 'studies.slurmCancel'({ studyId, task }) {
      mustExist(studyId);
      await cancelStudy(deps, studyId, task);
      return refreshed(studyId);
    },
  };
}
