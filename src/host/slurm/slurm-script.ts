/**
 * What a study on Slurm puts in its work folder: `study.json` (the study as planned here: name, spec, k of
 * `random`, so every task plans exactly the same chains), `dataset/` (the normalised copy of a dataset that is
 * not embedded in the project, which every task registers) and `enas-task.sh`, the batch script of the array
 * job. Task i runs chain i of the plan with the headless CLI on `tasks/i/task.db` (its checkpoints and
 * dataset registration beside it, under `tasks/i/`), so a requeued task finds its database and checkpoints and
 * resumes (`enas study task` is idempotent). Slurm's output goes to `logs/JOB_TASK.out`.
 */
import type { SlurmSettings } from '../../shared/slurm';
import type { DatasetRecord } from '../../shared/run';
import type { StudyRecord } from '../../shared/study';
import { shellQuote } from './slurm-host';

export const STUDY_FILE = 'study.json';
/** The normalised copy of a dataset that is not one of the embedded ones, shipped once for every task. */
export const DATASET_DIR = 'dataset';
export const SCRIPT_FILE = 'enas-task.sh';

export const taskDatabase = (workdir: string, task: number): string => `${workdir}/tasks/${task}/task.db`;

/** study.json; `dataset`: the record a task registers for the copy in DATASET_DIR (null: an embedded one). */
export function studyFile(study: StudyRecord, dataset: Pick<DatasetRecord, 'name' | 'kind' | 'format' | 'summary'> | null): string {
  const shipped = dataset === null ? null : { name: dataset.name, kind: dataset.kind, format: dataset.format, summary: dataset.summary };
  return `${JSON.stringify({ name: study.name, spec: study.spec, randomK: study.randomK, randomKReason: study.randomKReason, dataset: shipped }, null, 2)}\n`;
}

export function jobScript(settings: SlurmSettings): string {
  const w = settings.workdir;
  // `enas` on the PATH, or the project's bin/enas.mjs (or a bundle's entry) run by the cluster's node.
  const enas = settings.enas === 'enas' ? 'enas' : /\.(mjs|cjs|js)$/.test(settings.enas) ? `node ${shellQuote(settings.enas)}` : shellQuote(settings.enas);
  return [
    '#!/bin/bash',
    '# Written by `enas study --on slurm`: array task i runs chain i of the study (study.json) on its own database.',
    '# exec: Slurm\'s SIGTERM (scancel, preemption, requeue) reaches enas, which checkpoints its runs before exiting.',
    'set -eu',
    'task="${SLURM_ARRAY_TASK_ID:?submit this script with sbatch --array}"',
    `mkdir -p ${shellQuote(`${w}/tasks`)}/"$task"`,
    `exec ${enas} study task ${shellQuote(`${w}/${STUDY_FILE}`)} --task "$task" --db ${shellQuote(`${w}/tasks`)}/"$task"/task.db --journal ${settings.journal}`,
    '',
  ].join('\n');
}

/** sbatch's arguments for the tasks `indices` of the study (the script's own path last). */
export function sbatchArgs(studyId: number, settings: SlurmSettings, indices: readonly number[]): string[] {
  const w = settings.workdir;
  return [
    '--parsable',
    `--array=${indices.join(',')}`,
    // Preemption or a node failure puts the task back in the queue; it resumes from its checkpoints.
    '--requeue',
    `--job-name=enas-study-${studyId}`,
    `--chdir=${w}`,
    `--output=${w}/logs/%A_%a.out`,
    ...(settings.partition === null ? [] : [`--partition=${settings.partition}`]),
    ...(settings.time === null ? [] : [`--time=${settings.time}`]),
    ...(settings.gpusPerRun > 0 ? [`--gres=gpu:${settings.gpusPerRun}`] : []),
    `${w}/${SCRIPT_FILE}`,
  ];
}
