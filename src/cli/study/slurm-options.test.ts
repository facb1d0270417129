import { describe, expect, it } from 'vitest';
import { jobScript, sbatchArgs } from '../../host/slurm/slurm-script';
import { shellQuote } from '../../host/slurm/slurm-host';
import { parseStudyOptions } from './study-options';

const slurm = (args: string[]) => parseStudyOptions(['--strategies', 'enas,random-ws', '--seeds', '2', ...args], '/home/me').slurm;

describe('enas study --on slurm options', () => {
  it('turns the flags into settings, with the work folder resolved here when there is no --remote', () => {
    expect(slurm(['--on', 'slurm', '--partition', 'gpu', '--gpus-per-run', '1', '--time', '02:00:00', '--workdir', 'runs'])).toEqual({
      settings: { partition: 'gpu', gpusPerRun: 1, time: '02:00:00', remote: null, workdir: '/home/me/runs', enas: 'enas', journal: 'auto' },
      noWait: false,
      pollS: 30,
    });
    expect(slurm([])).toBeUndefined();
  });

  it.each([
    [['--partition', 'gpu;rm -rf ~'], /--partition must be a partition name/],
    [['--time', '2 hours'], /--time must be a time limit as HH:MM:SS/],
    [['--remote=-oProxyCommand=evil', '--workdir', '/scratch/me'], /--remote must be user@host/],
    [['--remote', 'me@login.hpc.edu'], /--remote needs --workdir/],
    [['--remote', 'me@login.hpc.edu', '--workdir', '/scratch/$(id)'], /--workdir must be an absolute path/],
    [['--workdir', '/scratch/../etc'], /--workdir must be a path without "\.\."/],
    [['--gpus-per-run=-1'], /--gpus-per-run must be an integer from 0 to 16/],
    [['--journal', 'memory'], /--journal must be one of auto, wal, delete/],
  ])('refuses %j before anything runs', (args, message) => {
    expect(() => slurm(['--on', 'slurm', ...args])).toThrow(message);
  });

  it('refuses a Slurm flag without --on slurm', () => {
    expect(() => slurm(['--partition', 'gpu'])).toThrow(/--partition applies to a study run on Slurm: add --on slurm/);
  });

  it('builds sbatch arguments as an array: one array job, requeue, the GPUs asked for', () => {
    const settings = slurm(['--on', 'slurm', '--partition', 'gpu', '--gpus-per-run', '2', '--time', '1-00:00:00', '--workdir', '/scratch/s'])?.settings;
    if (settings === undefined) throw new Error('expected settings');
    expect(sbatchArgs(3, settings, [1, 3])).toEqual([
      '--parsable', '--array=1,3', '--requeue', '--job-name=enas-study-3', '--chdir=/scratch/s', '--output=/scratch/s/logs/%A_%a.out',
      '--partition=gpu', '--time=1-00:00:00', '--gres=gpu:2', '/scratch/s/enas-task.sh',
    ]);
    expect(jobScript({ ...settings, enas: '/opt/enas/bin/enas.mjs', journal: 'delete' })).toContain(
      "exec node '/opt/enas/bin/enas.mjs' study task '/scratch/s/study.json' --task \"$task\" --db '/scratch/s/tasks'/\"$task\"/task.db --journal delete",
    );
  });

  it('quotes a shell word so that it means exactly itself', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
