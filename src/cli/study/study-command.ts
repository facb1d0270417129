/**
 * `enas study`: start a study (strategies × seeds under one budget) and follow it to its result table;
 * `enas study list`, `enas study show ID` and `enas study resume ID` (after a Ctrl-C, a kill or a crash:
 * finished runs are kept, interrupted ones resume from their checkpoints). Exit 0 when the study completed
 * (or, for list/show, when it was read), 1 when it ended incomplete.
 */
import { availableParallelism } from 'node:os';
import { EnasError } from '../../shared/errors';
import type { CliCommand } from '../command';
import { EXIT } from '../command';
import { openCliWorkbench } from '../cli-workbench';
import { ensureEmbeddedDataset } from '../embedded-data';
import { formatTime, table } from '../format';
import { parseCommandArgs } from '../parse-command-args';
import type { CliIo } from '../cli-io';
import type { OpenedWorkbench } from '../../host/open-workbench';
import { refreshStudy } from '../../host/slurm/slurm-study';
import { followStudy } from './follow-study';
import { printStudyResult } from './print-study';
import { cancelSlurmStudy, followSlurmStudy, formatSlurmTasks, resubmitSlurmStudy, slurmDeps, submitSlurmStudy } from './slurm-study-command';
import { parseStudyOptions, STUDY_USAGE } from './study-options';
import { runStudyTask } from './study-task-command';
import { integer } from '../option-values';

function parseSub(args: readonly string[], usage: string) {
  const { values, positionals } = parseCommandArgs(
    {
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { db: { type: 'string' }, json: { type: 'boolean', default: false }, ...(usage === CANCEL_USAGE ? { task: { type: 'string' } } : {}) },
    },
    usage,
  );
  const task = typeof values.task === 'string' ? values.task : undefined;
  return { db: values.db, json: values.json === true, positionals, task: integer('task', task, 0, 100_000) };
}

function studyIdArgument(positionals: readonly string[], usage: string): number {
  const [value, ...extra] = positionals;
  if (value === undefined || extra.length > 0 || !/^[1-9][0-9]*$/.test(value)) {
    throw new EnasError('CLI_USAGE', `expected one study id (a positive integer), got ${positionals.length === 0 ? 'none' : `"${positionals.join(' ')}"`}\nusage: ${usage}`);
  }
  return Number(value);
}

async function start(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseStudyOptions(args);
  if (options.help) {
    io.stdout(`compare search strategies over seeds under one budget, with paired tests\nusage: ${STUDY_USAGE}\n`);
    return EXIT.ok;
  }
  const { spec } = options;
  const cores = availableParallelism();
  if (spec.parallel > cores) io.stderr(`--parallel ${spec.parallel}: this machine has ${cores} cores, so at most ${cores} trainers run at once\n`);
  const opened = await openCliWorkbench(io, options.db, 'write');
  try {
    const { workbench } = opened;
    await ensureEmbeddedDataset(workbench, spec.base.dataset, io);
    if (options.slurm !== undefined) {
      const studyId = await submitSlurmStudy(opened, options.name, spec, options.slurm, io);
      if (options.slurm.noWait) {
        io.stdout(`${studyId}\n`);
        return EXIT.ok;
      }
      const slurm = await followSlurmStudy(slurmDeps(opened), studyId, options.slurm.pollS, io);
      const result = await workbench.handlers['studies.get']({ studyId });
      printStudyResult(result, io, options.json);
      if (!options.json) io.stdout(formatSlurmTasks(slurm));
      return result.study.status === 'completed' ? EXIT.ok : EXIT.failed;
    }
    const study = await workbench.handlers['studies.create']({ ...(options.name === undefined ? {} : { name: options.name }), spec });
    io.stderr(
      `study ${study.id}: ${study.name} on ${spec.base.dataset} (${spec.base.search.epochs} search epochs, ${spec.base.retrain.epochs} retrain epochs)` +
        `${study.randomKReason === null ? '' : `\n  random: ${study.randomKReason}`}\n`,
    );
    const result = await followStudy(workbench, study.id, io);
    printStudyResult(result, io, options.json);
    return result.study.status === 'completed' ? EXIT.ok : EXIT.failed;
  } finally {
    await opened.close();
  }
}

const LIST_USAGE = 'enas study list [--db FILE] [--json]';
const SHOW_USAGE = 'enas study show ID [--db FILE] [--json]';
const RESUME_USAGE = 'enas study resume ID [--db FILE] [--json]';
const CANCEL_USAGE = 'enas study cancel ID [--task I] [--db FILE]';
const COLLECT_USAGE = 'enas study collect ID [--db FILE]';

async function list(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSub(args, LIST_USAGE);
  const opened = await openCliWorkbench(io, parsed.db, 'read');
  try {
    const studies = await opened.workbench.handlers['studies.list']({});
    if (parsed.json) io.stdout(`${JSON.stringify(studies, null, 2)}\n`);
    else if (studies.length === 0) io.stdout('no studies yet\n');
    else {
      io.stdout(
        table(
          ['ID', 'STATUS', 'RUNS', 'NAME', 'STRATEGIES', 'SEEDS', 'CREATED'],
          studies.map((s) => [
            String(s.id),
            s.status,
            `${s.completedRuns}/${s.plannedRuns}`,
            s.name,
            s.spec.strategies.join(','),
            String(s.spec.seeds),
            formatTime(s.createdAt),
          ]),
        ),
      );
    }
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}

async function show(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSub(args, SHOW_USAGE);
  const studyId = studyIdArgument(parsed.positionals, SHOW_USAGE);
  // A study on Slurm: ask Slurm first and merge what finished, which writes to the store.
  const onSlurm = (await withRead(io, parsed.db, (o) => o.store.slurm.get(studyId) !== undefined));
  const opened = await openCliWorkbench(io, parsed.db, onSlurm ? 'write' : 'read');
  try {
    const slurm = onSlurm ? (await refreshStudy(slurmDeps(opened), studyId)).slurm : undefined;
    const result = await opened.workbench.handlers['studies.get']({ studyId });
    if (parsed.json) io.stdout(`${JSON.stringify(slurm === undefined ? result : { ...result, slurm }, null, 2)}\n`);
    else {
      printStudyResult(result, io, false);
      if (slurm !== undefined) io.stdout(formatSlurmTasks(slurm));
    }
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}

async function resume(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSub(args, RESUME_USAGE);
  const studyId = studyIdArgument(parsed.positionals, RESUME_USAGE);
  const opened = await openCliWorkbench(io, parsed.db, 'write');
  try {
    const { workbench } = opened;
    if (opened.store.slurm.get(studyId) !== undefined) {
      await resubmitSlurmStudy(opened, studyId, io);
      const { slurm } = await refreshStudy(slurmDeps(opened), studyId);
      io.stdout(formatSlurmTasks(slurm));
      return EXIT.ok;
    }
    const summary = await workbench.handlers['studies.resume']({ studyId });
    io.stderr(`study ${studyId}: resuming (${summary.completedRuns}/${summary.plannedRuns} runs completed so far)\n`);
    const result = await followStudy(workbench, studyId, io);
    printStudyResult(result, io, parsed.json);
    return result.study.status === 'completed' ? EXIT.ok : EXIT.failed;
  } finally {
    await opened.close();
  }
}

async function withRead<T>(io: CliIo, db: string | undefined, read: (opened: OpenedWorkbench) => T): Promise<T> {
  const opened = await openCliWorkbench(io, db, 'read');
  try {
    return read(opened);
  } finally {
    await opened.close();
  }
}

async function cancel(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSub(args, CANCEL_USAGE);
  const studyId = studyIdArgument(parsed.positionals, CANCEL_USAGE);
  const opened = await openCliWorkbench(io, parsed.db, 'write');
  try {
    await cancelSlurmStudy(opened, studyId, parsed.task, io);
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}

/** Fetches and merges every finished task again (a run the store has is not added twice). */
async function collect(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSub(args, COLLECT_USAGE);
  const studyId = studyIdArgument(parsed.positionals, COLLECT_USAGE);
  const opened = await openCliWorkbench(io, parsed.db, 'write');
  try {
    const { slurm, mergedRuns } = await refreshStudy(slurmDeps(opened), studyId, true);
    io.stderr(`study ${studyId}: ${mergedRuns} run${mergedRuns === 1 ? '' : 's'} added to ${opened.store.file}\n`);
    io.stdout(formatSlurmTasks(slurm));
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}

export const studyCommand: CliCommand = {
  name: 'study',
  summary: 'compare search strategies (enas, enas-memory, parsec, random-ws) and random over seeds under one budget, with paired tests (list, show, resume, cancel); --on slurm runs it on a cluster',
  async run(args, io) {
    const [first, ...rest] = args;
    if (first === 'list') return list(rest, io);
    if (first === 'show') return show(rest, io);
    if (first === 'resume') return resume(rest, io);
    if (first === 'cancel') return cancel(rest, io);
    if (first === 'collect') return collect(rest, io);
    if (first === 'task') return runStudyTask(rest, io);
    return start(args, io);
  },
};
