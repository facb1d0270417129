/**
 * Reading what Slurm says about an array job's tasks: `squeue -h -r -o %i|%T` while they are queued or
 * running, then `sacct -n -P -X -o JobID,State` for how they ended; on a cluster without accounting storage
 * (sacct answers "accounting storage is disabled"), `scontrol -o show job`, which the controller answers for
 * MinJobAge seconds after a job ended. Job state codes: slurm.schedmd.com/squeue.html#SECTION_JOB-STATE-CODES.
 */
import type { SlurmTaskState } from '../../shared/slurm';

/** Slurm's word for a state mapped to the workbench's (src/shared/slurm.ts). */
export function taskStateOf(slurmState: string): SlurmTaskState {
  const word = slurmState.trim().split(/\s+/)[0]?.replace(/\+$/, '') ?? '';
  switch (word) {
    case 'PENDING':
    case 'CONFIGURING':
    case 'RESV_DEL_HOLD':
    case 'REQUEUE_HOLD':
      return 'pending';
    case 'RUNNING':
    case 'COMPLETING':
    case 'SUSPENDED':
    case 'STOPPED':
    case 'SIGNALING':
    case 'STAGE_OUT':
    case 'RESIZING':
      return 'running';
    case 'REQUEUED':
    case 'REQUEUE_FED':
    case 'PREEMPTED':
      return 'requeued';
    case 'COMPLETED':
      return 'completed';
    case 'CANCELLED':
    case 'REVOKED':
      return 'cancelled';
    case 'TIMEOUT':
    case 'DEADLINE':
      return 'timeout';
    case 'FAILED':
    case 'NODE_FAIL':
    case 'OUT_OF_MEMORY':
    case 'BOOT_FAIL':
      return 'failed';
    default:
      return 'unknown';
  }
}

/** `JOB_TASK|STATE` lines (squeue %i|%T, sacct -P JobID,State) → task index → Slurm state, for `jobId`. */
export function parseTaskLines(text: string, jobId: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [id, state] = line.trim().split('|');
    if (id === undefined || state === undefined) continue;
    const m = /^([0-9]+)_(\[[^\]]*\]|[0-9]+)$/.exec(id);
    if (m?.[1] !== jobId || m[2] === undefined) continue;
    // A still unsplit pending range (`123_[2-5,7]`): every index in it.
    for (const task of expandIndices(m[2].replace(/^\[|\]$/g, '').replace(/%[0-9]+$/, ''))) states.set(task, state);
  }
  return states;
}

/** `1-3,7` → [1, 2, 3, 7]. */
export function expandIndices(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',')) {
    const m = /^([0-9]+)(?:-([0-9]+))?(?::([0-9]+))?$/.exec(part);
    if (m?.[1] === undefined) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    const step = m[3] === undefined ? 1 : Math.max(1, Number(m[3]));
    for (let i = from; i <= to; i += step) out.push(i);
  }
  return out;
}

/** `scontrol -o show job` records (one per line) → task index → JobState, for array job `jobId`. */
export function parseScontrolJobs(text: string, jobId: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const line of text.split('\n')) {
    const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
    if (field('ArrayJobId') !== jobId) continue;
    const task = field('ArrayTaskId');
    const state = field('JobState');
    if (task === undefined || state === undefined) continue;
    for (const index of expandIndices(task.replace(/%[0-9]+$/, ''))) states.set(index, state);
  }
  return states;
}

/** sbatch --parsable prints `jobid` or `jobid;cluster`. */
export function parseSbatchJobId(stdout: string): string | undefined {
  return /^([0-9]+)(;\S+)?$/.exec(stdout.trim())?.[1];
}
