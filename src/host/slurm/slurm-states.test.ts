import { describe, expect, it } from 'vitest';
import { expandIndices, parseSbatchJobId, parseScontrolJobs, parseTaskLines, taskStateOf } from './slurm-states';

describe('reading Slurm task states', () => {
  it('maps Slurm job state codes to the workbench task states', () => {
    expect(['PENDING', 'RUNNING', 'COMPLETING', 'REQUEUED', 'PREEMPTED', 'COMPLETED', 'CANCELLED by 0', 'CANCELLED+', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'FAILED', 'SPECIAL_EXIT'].map(taskStateOf)).toEqual([
      'pending', 'running', 'running', 'requeued', 'requeued', 'completed', 'cancelled', 'cancelled', 'timeout', 'failed', 'failed', 'failed', 'unknown',
    ]);
  });

  it('reads squeue -r and sacct -P lines of one array job, expanding unsplit pending ranges', () => {
    // squeue -h -r -o '%i|%T' as Slurm 22.05 printed it in the test cluster, plus another job's line.
    const squeue = '12_2|PENDING\n12_1|RUNNING\n12_0|RUNNING\n13_0|RUNNING\n';
    expect([...parseTaskLines(squeue, '12')].sort()).toEqual([
      [0, 'RUNNING'],
      [1, 'RUNNING'],
      [2, 'PENDING'],
    ]);
    const sacct = '12_0|COMPLETED\n12_1|CANCELLED by 0\n12_[3-5,8%2]|PENDING\n';
    expect(Object.fromEntries(parseTaskLines(sacct, '12'))).toEqual({ 0: 'COMPLETED', 1: 'CANCELLED by 0', 3: 'PENDING', 4: 'PENDING', 5: 'PENDING', 8: 'PENDING' });
  });

  it('reads scontrol -o show job records of an array job', () => {
    const text =
      'JobId=3 ArrayJobId=1 ArrayTaskId=1 JobName=j.sh JobState=CANCELLED Reason=None ExitCode=0:15\n' +
      'JobId=2 ArrayJobId=1 ArrayTaskId=0 JobName=j.sh JobState=COMPLETED Reason=None ExitCode=0:0\n' +
      'JobId=9 ArrayJobId=7 ArrayTaskId=0 JobName=other JobState=RUNNING\n';
    expect(Object.fromEntries(parseScontrolJobs(text, '1'))).toEqual({ 0: 'COMPLETED', 1: 'CANCELLED' });
  });

  it('reads the job id sbatch --parsable prints, with or without a cluster name', () => {
    expect(parseSbatchJobId('4711\n')).toBe('4711');
    expect(parseSbatchJobId('4711;gpu-cluster\n')).toBe('4711');
    expect(parseSbatchJobId('sbatch: error: Batch job submission failed\n')).toBeUndefined();
  });

  it('expands index lists with ranges and steps', () => {
    expect(expandIndices('0-2,5,7-11:2')).toEqual([0, 1, 2, 5, 7, 9, 11]);
  });
});
