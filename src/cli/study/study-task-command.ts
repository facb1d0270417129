/**
 * `enas study task STUDY.json --task I --db FILE [--journal auto|wal|delete]`: what one Slurm array task runs
 * on a compute node (the job script of `enas study --on slurm` calls it). It plans the study of STUDY.json
 * exactly as the workbench that submitted it did, and runs chain I of the plan into FILE: the study record is
 * created there on the first start and found again on a requeue, so a preempted or requeued task resumes its
 * interrupted run from its checkpoint and skips what completed. SIGTERM (scancel, preemption) stops it
 * gracefully: the running trainer writes a checkpoint first. Exit 0 when every run of the chain completed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DATASET_DIR } from '../../host/slurm/slurm-script';
import { datasetRecordSchema } from '../../shared/run';
import { z } from 'zod';
import { resolveJournal } from '../../host/slurm/journal-mode';
import { chainLabels } from '../../host/slurm/slurm-study';
import { planStudy } from '../../host/studies/study-plan';
import { EnasError } from '../../shared/errors';
import { slurmJournalSchema } from '../../shared/slurm';
import { studySpecSchema } from '../../shared/study';
import { openCliWorkbench } from '../cli-workbench';
import type { CliIo } from '../cli-io';
import { EXIT } from '../command';
import { ensureEmbeddedDataset } from '../embedded-data';
import { integer, oneOf } from '../option-values';
import { parseCommandArgs } from '../parse-command-args';
import { followStudy } from './follow-study';

export const TASK_USAGE = 'enas study task STUDY.json --task I --db FILE [--journal auto|wal|delete]';

const studyFileSchema = z.object({
  name: z.string().min(1),
  spec: studySpecSchema,
  randomK: z.number().int().min(1).nullable(),
  randomKReason: z.string().nullable(),
  /** A dataset that is not embedded: its record, for the normalised copy in `dataset/` beside this file. */
  dataset: datasetRecordSchema.pick({ name: true, kind: true, format: true, summary: true }).nullable(),
});

function readStudyFile(file: string): z.infer<typeof studyFileSchema> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EnasError('CLI_USAGE', `${file}: cannot read it as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = studyFileSchema.safeParse(json);
  if (!parsed.success) throw new EnasError('CLI_USAGE', `${file}: not a study file of enas study --on slurm: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export async function runStudyTask(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    {
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { task: { type: 'string' }, db: { type: 'string' }, journal: { type: 'string' } },
    },
    TASK_USAGE,
  );
  const [file, ...extra] = positionals;
  const task = integer('task', values.task, 0, 100_000);
  if (file === undefined || extra.length > 0 || task === undefined || values.db === undefined) {
    throw new EnasError('CLI_USAGE', `expected a study file, --task and --db\nusage: ${TASK_USAGE}`);
  }
  const planned = readStudyFile(file);
  const chains = planStudy(planned.name, planned.spec, planned.randomK);
  const chain = chains[task];
  if (chain === undefined) throw new EnasError('CLI_USAGE', `--task ${task}: the study has chains 0..${chains.length - 1}`);
  const { journal, why } = resolveJournal(oneOf('journal', values.journal, slurmJournalSchema.options, 'auto'), dirname(values.db));
  io.stderr(`task ${task}: ${chainLabels(planned)[task] ?? ''}; database ${values.db} (${journal} journal: ${why})\n`);
  const opened = await openCliWorkbench(io, values.db, 'write', journal);
  try {
    const { workbench, store } = opened;
    if (planned.dataset !== null) {
      if (!store.datasets.list().some((d) => d.name === planned.dataset?.name)) store.datasets.create({ ...planned.dataset, path: join(dirname(resolve(file)), DATASET_DIR) });
    } else await ensureEmbeddedDataset(workbench, planned.spec.base.dataset, io);
    const study =
      store.studies.list()[0] ?? store.studies.create({ name: planned.name, spec: planned.spec, randomK: planned.randomK, randomKReason: planned.randomKReason });
    await workbench.handlers['studies.resume']({ studyId: study.id, chains: [task] });
    await followStudy(workbench, study.id, io);
    const links = store.studies.links(study.id);
    const done = chain.every((p) => {
      const link = links.find((l) => l.strategy === p.slot.strategy && l.seed === p.slot.seed && l.role === p.slot.role && l.slot === p.slot.slot);
      return link !== undefined && store.runs.get(link.runId)?.status === 'completed';
    });
    io.stderr(`task ${task}: ${done ? 'every run completed' : 'not every run completed'}\n`);
    return done ? EXIT.ok : EXIT.failed;
  } finally {
    await opened.close();
  }
}
