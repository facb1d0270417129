/**
 * A study run on a Slurm cluster (docs/architecture.md, "Scale-out"): where and how it was submitted, and the
 * state of each array task. One array task runs one chain of the study's plan (a search and its retrain, or
 * one `random` retrain) with the headless `enas` CLI on a database of its own; the local store merges what
 * the finished tasks produced.
 *
 * Every value here ends up as an argument of `sbatch`/`ssh` or in the job script, so each is checked against
 * a narrow pattern before anything runs: no value can carry a shell metacharacter, a newline or a leading `-`
 * (which ssh/scp would read as an option).
 */
import { z } from 'zod';

/** A Slurm partition name (or a comma-separated list of them, which sbatch accepts). */
export const slurmPartitionSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(,[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}){0,7}$/, 'a partition name: letters, digits, _ . - (comma-separated for several)');

/** sbatch --time in the forms this accepts: `MM:SS`, `HH:MM:SS` or `D-HH:MM:SS`. */
export const slurmTimeSchema = z
  .string()
  .regex(/^([0-9]{1,3}-)?([0-9]{1,3}:)?[0-5]?[0-9]:[0-5][0-9]$/, 'a time limit as HH:MM:SS (or D-HH:MM:SS)');

/** `user@host` (or a bare host / ssh_config alias) for ssh and scp; never starts with `-`. */
export const slurmRemoteSchema = z
  .string()
  .regex(/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,63}@)?[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/, 'user@host (letters, digits, _ . -)');

/** An absolute POSIX path made of ordinary characters (it is written into the job script, quoted). */
export const slurmPathSchema = z
  .string()
  .max(1024)
  .regex(/^\/[A-Za-z0-9_.,+@%=/-]*$/, 'an absolute path of letters, digits and _ . , + @ % = / -')
  .refine((p) => !p.split('/').includes('..'), 'a path without ".."');

/**
 * How each task's SQLite database journals. SQLite's WAL keeps its index in shared memory, which only works
 * when every process using the file is on one host (sqlite.org/wal.html, "WAL does not work over a network
 * filesystem"); a rollback journal (`delete`) is safe on NFS/Lustre/GPFS. `auto`: the task asks the kernel
 * what file system its folder is on (statfs) and picks `delete` on a network one.
 */
export const slurmJournalSchema = z.enum(['auto', 'wal', 'delete']);
export type SlurmJournal = z.infer<typeof slurmJournalSchema>;

export const slurmSettingsSchema = z.object({
  /** sbatch --partition; null: the cluster's default partition. */
  partition: slurmPartitionSchema.nullable(),
  /** GPUs each task asks for (sbatch --gres=gpu:N); 0 asks for none. */
  gpusPerRun: z.number().int().min(0).max(16),
  /** sbatch --time per task; null: the partition's default. */
  time: slurmTimeSchema.nullable(),
  /** ssh/scp destination of the cluster's login node; null: the Slurm commands run on this machine. */
  remote: slurmRemoteSchema.nullable(),
  /** The study's folder on the cluster (on a file system every compute node sees). */
  workdir: slurmPathSchema,
  /** How a task runs the CLI on the cluster: an `enas` executable (default `enas` on the PATH) or bin/enas.mjs. */
  enas: z.union([z.literal('enas'), slurmPathSchema]),
  journal: slurmJournalSchema,
});
export type SlurmSettings = z.infer<typeof slurmSettingsSchema>;

/**
 * A task's state as the workbench shows it. Slurm's own states (squeue/sacct JOB STATE CODES) map onto these:
 * PENDING/CONFIGURING → pending; RUNNING/COMPLETING/SUSPENDED → running; REQUEUED/PREEMPTED (the task goes
 * back to the queue and resumes from its checkpoint) → requeued; COMPLETED → completed; CANCELLED → cancelled;
 * TIMEOUT → timeout; FAILED/NODE_FAIL/OUT_OF_MEMORY/BOOT_FAIL/DEADLINE → failed. `collected`: completed and
 * its runs merged into the local store. `unknown`: Slurm no longer reports it and no record says how it ended.
 */
export const SLURM_TASK_STATES = ['pending', 'running', 'requeued', 'completed', 'collected', 'cancelled', 'timeout', 'failed', 'unknown'] as const;
export const slurmTaskStateSchema = z.enum(SLURM_TASK_STATES);
export type SlurmTaskState = z.infer<typeof slurmTaskStateSchema>;

/** States after which Slurm does nothing more with the task (`enas study resume` submits it again). */
export const SLURM_ENDED_STATES: readonly SlurmTaskState[] = ['completed', 'collected', 'cancelled', 'timeout', 'failed', 'unknown'];

export const slurmTaskSchema = z.object({
  /** The array index: the chain of the study's plan this task runs. */
  task: z.number().int().nonnegative(),
  /** What the chain is, in words ("enas seed 1 search + retrain"). */
  label: z.string(),
  /** The array job this task was last submitted in (a resume submits a new one). */
  jobId: z.string().regex(/^[0-9]+$/),
  state: slurmTaskStateSchema,
  /** Slurm's own word for the state (e.g. `CANCELLED by 0`), as it last reported it. */
  slurmState: z.string(),
  updatedAt: z.number().int().nonnegative(),
});
export type SlurmTask = z.infer<typeof slurmTaskSchema>;

export const slurmStudySchema = z.object({
  settings: slurmSettingsSchema,
  tasks: z.array(slurmTaskSchema),
});
export type SlurmStudy = z.infer<typeof slurmStudySchema>;
