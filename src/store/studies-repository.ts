/**
 * The studies and study_runs tables: a study's record (its spec and k of `random`) and the links from its
 * plan positions to ordinary runs. A study's run is created together with its link in one transaction, so a
 * kill between the two can never leave a run the study does not know about (and would create again).
 */
import { z } from 'zod';
import { EnasError } from '../shared/errors';
import type { RunRecord } from '../shared/run';
import { STUDY_STRATEGIES, studySpecSchema, studyStrategySchema, studyRunRoleSchema } from '../shared/study';
import type { StudyRecord, StudyRunLink, StudySpec } from '../shared/study';
import { jsonColumn, parseRow } from './rows';
import type { NewRun, RunsRepository } from './runs-repository';
import type { StoreContext } from './store-context';

export interface NewStudy {
  name: string;
  spec: StudySpec;
  randomK: number | null;
  randomKReason: string | null;
}

export type StudySlot = Omit<StudyRunLink, 'studyId' | 'runId'>;

export interface StudiesRepository {
  create(study: NewStudy): StudyRecord;
  get(id: number): StudyRecord | undefined;
  /** Every study, newest first. */
  list(): StudyRecord[];
  /** The study's links, by strategy, seed, role and slot. */
  links(studyId: number): StudyRunLink[];
  /** The link of a run, if it belongs to a study. */
  linkOf(runId: number): StudyRunLink | undefined;
  /** Creates `run` and links it to `slot` of the study, atomically; STORE_CONFLICT when the slot has a run. */
  createLinkedRun(studyId: number, slot: StudySlot, run: NewRun): RunRecord;
}

const studyRowSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    spec: jsonColumn(studySpecSchema),
    random_k: z.number().int().nullable(),
    random_k_reason: z.string().nullable(),
    created_at: z.number().int(),
  })
  .transform(
    (r): StudyRecord => ({
      id: r.id,
      name: r.name,
      spec: r.spec,
      randomK: r.random_k,
      randomKReason: r.random_k_reason,
      createdAt: r.created_at,
    }),
  );

const linkRowSchema = z
  .object({
    study_id: z.number().int(),
    run_id: z.number().int(),
    strategy: studyStrategySchema,
    seed: z.number().int(),
    role: studyRunRoleSchema,
    slot: z.number().int(),
  })
  .transform(
    (r): StudyRunLink => ({ studyId: r.study_id, runId: r.run_id, strategy: r.strategy, seed: r.seed, role: r.role, slot: r.slot }),
  );

/** Links list their strategies in the order of STUDY_STRATEGIES (names from that constant, never user text). */
const strategyOrder = `CASE strategy ${STUDY_STRATEGIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE ${STUDY_STRATEGIES.length} END`;

export function createStudiesRepository({ db, file, now }: StoreContext, runs: RunsRepository): StudiesRepository {
  const insert = db.prepare(`
    INSERT INTO studies (name, spec, random_k, random_k_reason, created_at)
    VALUES (@name, @spec, @randomK, @randomKReason, @now)`);
  const selectOne = db.prepare('SELECT * FROM studies WHERE id = ?');
  const selectAll = db.prepare('SELECT * FROM studies ORDER BY created_at DESC, id DESC');
  const selectLinks = db.prepare(`
    SELECT * FROM study_runs WHERE study_id = ?
    ORDER BY ${strategyOrder}, seed,
             CASE role WHEN 'search' THEN 0 WHEN 'retrain' THEN 1 ELSE 2 END, slot`);
  const selectLinkOf = db.prepare('SELECT * FROM study_runs WHERE run_id = ?');
  const selectSlot = db.prepare(
    'SELECT run_id FROM study_runs WHERE study_id = @studyId AND strategy = @strategy AND seed = @seed AND role = @role AND slot = @slot',
  );
  const insertLink = db.prepare(`
    INSERT INTO study_runs (study_id, strategy, seed, role, slot, run_id)
    VALUES (@studyId, @strategy, @seed, @role, @slot, @runId)`);

  const get = (id: number): StudyRecord | undefined => {
    const row: unknown = selectOne.get(id);
    return row === undefined ? undefined : parseRow(studyRowSchema, row, file, `studies row ${id}`);
  };
  const createLinked = db.transaction((studyId: number, slot: StudySlot, run: NewRun): RunRecord => {
    if (get(studyId) === undefined) throw new EnasError('STORE_NOT_FOUND', `${file}: no study with id ${studyId}`, { file });
    const taken: unknown = selectSlot.get({ studyId, ...slot });
    if (taken !== undefined) {
      throw new EnasError('STORE_CONFLICT', `${file}: study ${studyId} already has a run for ${slot.strategy} seed ${slot.seed} ${slot.role} ${slot.slot}`, { file });
    }
    const record = runs.create(run);
    insertLink.run({ studyId, ...slot, runId: record.id });
    return record;
  });

  return {
    create(study) {
      const result = insert.run({
        name: study.name,
        spec: JSON.stringify(study.spec),
        randomK: study.randomK,
        randomKReason: study.randomKReason,
        now: now(),
      });
      const created = get(Number(result.lastInsertRowid));
      if (created === undefined) throw new Error('the inserted study row is missing');
      return created;
    },
    get,
    list() {
      return selectAll.all().map((row, i) => parseRow(studyRowSchema, row, file, `studies list row ${i}`));
    },
    links(studyId) {
      return selectLinks.all(studyId).map((row, i) => parseRow(linkRowSchema, row, file, `study_runs row ${i} of study ${studyId}`));
    },
    linkOf(runId) {
      const row: unknown = selectLinkOf.get(runId);
      return row === undefined ? undefined : parseRow(linkRowSchema, row, file, `study_runs row of run ${runId}`);
    },
    createLinkedRun(studyId, slot, run) {
      return createLinked(studyId, slot, run);
    },
  };
}
