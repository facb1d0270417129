/**
 * A new study's record: its name, its spec and k of `random`, fixed from the dataset when it is created (so
 * a resume, or a Slurm task on another machine, plans exactly the same runs). Used by `studies.create` and
 * by `enas study --on slurm`, which creates the record here and runs it elsewhere.
 */
import type { StudyRecord, StudySpec } from '../../shared/study';
import type { Store } from '../../store/store';
import { resolveDataset } from '../dataset-resolver';
import { randomBudget } from './study-plan';

export function createStudyRecord(store: Store, dataDir: string, name: string | undefined, spec: StudySpec): StudyRecord {
  const dataset = resolveDataset(store, dataDir, spec.base.dataset);
  const budget = spec.strategies.includes('random')
    ? spec.randomK === null
      ? randomBudget(spec.base, dataset.record)
      : { k: spec.randomK, reason: `k = ${spec.randomK}, as asked` }
    : null;
  return store.studies.create({
    name: name ?? `${spec.base.space.space} ${spec.strategies.join(' vs ')} × ${spec.seeds} seeds`,
    spec,
    randomK: budget?.k ?? null,
    randomKReason: budget?.reason ?? null,
  });
}
