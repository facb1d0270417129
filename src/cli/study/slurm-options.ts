/**
 * The `--on slurm` options of `enas study` turned into validated Slurm settings (src/shared/slurm.ts): every
 * value becomes an argument of sbatch, ssh or the job script, so a bad one is refused here, as a CLI_USAGE
 * error naming the flag, before anything runs.
 */
import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { EnasError } from '../../shared/errors';
import { slurmJournalSchema, slurmPartitionSchema, slurmPathSchema, slurmRemoteSchema, slurmSettingsSchema, slurmTimeSchema } from '../../shared/slurm';
import type { SlurmSettings } from '../../shared/slurm';
import { integer, oneOf } from '../option-values';

export const SLURM_USAGE =
  '           [--on slurm [--partition P] [--gpus-per-run N] [--time HH:MM:SS] [--remote user@host] [--workdir DIR]\n' +
  '                       [--cluster-enas enas|/path/to/bin/enas.mjs] [--journal auto|wal|delete] [--no-wait] [--poll SECONDS]]';

export const SLURM_OPTIONS = {
  on: { type: 'string' },
  partition: { type: 'string' },
  'gpus-per-run': { type: 'string' },
  time: { type: 'string' },
  remote: { type: 'string' },
  workdir: { type: 'string' },
  'cluster-enas': { type: 'string' },
  journal: { type: 'string' },
  'no-wait': { type: 'boolean', default: false },
  poll: { type: 'string' },
} as const;

const SLURM_ONLY = ['partition', 'gpus-per-run', 'time', 'remote', 'workdir', 'cluster-enas', 'journal', 'poll'] as const;

function checked<S extends z.ZodType<string>>(flag: string, schema: S, value: string | undefined): string | null {
  if (value === undefined) return null;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new EnasError('CLI_USAGE', `--${flag} must be ${parsed.error.issues[0]?.message ?? 'valid'}, got "${value}"`);
  return parsed.data;
}

export interface SlurmOptions {
  settings: SlurmSettings;
  /** Submit and return instead of following the tasks. */
  noWait: boolean;
  /** Seconds between two polls of Slurm while following. */
  pollS: number;
}

/**
 * The Slurm settings when `--on slurm` was given, else undefined (and then no Slurm-only flag may be given).
 * `cwd` resolves a relative --workdir or --cluster-enas when the cluster is this machine (no --remote).
 */
export function parseSlurmOptions(values: Record<string, unknown>, cwd: string): SlurmOptions | undefined {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
  const on = oneOf('on', str('on'), ['local', 'slurm'] as const, 'local');
  if (on === 'local') {
    const stray = SLURM_ONLY.filter((k) => str(k) !== undefined);
    if (stray.length > 0 || values['no-wait'] === true) {
      throw new EnasError('CLI_USAGE', `--${stray[0] ?? 'no-wait'} applies to a study run on Slurm: add --on slurm`);
    }
    return undefined;
  }
  const remote = checked('remote', slurmRemoteSchema, str('remote'));
  const workdirText = str('workdir');
  if (remote !== null && workdirText === undefined) throw new EnasError('CLI_USAGE', '--remote needs --workdir: the study folder on the cluster, as an absolute path');
  // Without --remote the folder is on this machine, so a relative one is resolved here.
  const workdir = checked('workdir', slurmPathSchema, workdirText === undefined ? resolve(cwd, 'enas-slurm') : remote === null && !isAbsolute(workdirText) ? resolve(cwd, workdirText) : workdirText);
  const enasText = str('cluster-enas');
  const enas = enasText === undefined || enasText === 'enas' ? 'enas' : checked('cluster-enas', slurmPathSchema, remote === null ? resolve(cwd, enasText) : enasText);
  const settings = slurmSettingsSchema.parse({
    partition: checked('partition', slurmPartitionSchema, str('partition')),
    gpusPerRun: integer('gpus-per-run', str('gpus-per-run'), 0, 16) ?? 0,
    time: checked('time', slurmTimeSchema, str('time')),
    remote,
    workdir,
    enas,
    journal: oneOf('journal', str('journal'), slurmJournalSchema.options, 'auto'),
  });
  return { settings, noWait: values['no-wait'] === true, pollS: integer('poll', str('poll'), 1, 3600) ?? 30 };
}
