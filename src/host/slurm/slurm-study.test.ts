/**
 * The study-on-Slurm service against a scripted Slurm host (what a cluster with accounting answers: squeue for
 * live tasks, sacct for ended ones), for the paths the single-node test cluster cannot show: sacct's end states
 * (the test cluster has no accounting database), a task Slurm forgot, and the exact arguments of sbatch and
 * scancel. test/integration/slurm-study.test.ts runs the real thing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../shared/config/presets';
import type { StudyRecord } from '../../shared/study';
import { openTempStore } from '../../store/temp-store';
import type { TempStore } from '../../store/temp-store';
import type { CommandResult, SlurmHost, SlurmProgram } from './slurm-host';
import { cancelStudy, refreshStudy, resubmitStudy, submitStudy } from './slurm-study';
import type { SlurmStudyDeps } from './slurm-study';

interface Call {
  program: SlurmProgram;
  args: readonly string[];
}

/** A Slurm that answers from `answers` (by program) and records every call. */
function scriptedHost(answers: Partial<Record<SlurmProgram, CommandResult>>) {
  const calls: Call[] = [];
  const written = new Map<string, string>();
  const host: SlurmHost = {
    where: 'the scripted cluster',
    async run(program, args) {
      calls.push({ program, args });
      return answers[program] ?? { code: 0, stdout: '', stderr: '' };
    },
    async writeFile(path, content) {
      written.set(path, content);
    },
    async push() {},
    async fetch() {
      return false;
    },
  };
  return { host, calls, written, answers };
}

let t: TempStore;
let study: StudyRecord;
beforeEach(() => {
  t = openTempStore();
  t.store.datasets.create({ name: 'fashion-mnist-small', kind: 'image', format: 'idx', path: 'fashion', summary: { counts: { train: 100 }, shapes: { image: [28, 28, 1] }, classes: ['a'] } });
  const base = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', backend: 'cpu' });
  study = t.store.studies.create({ name: 's', spec: { base, strategies: ['enas', 'random-ws'], seeds: 2, parallel: 1, randomK: null }, randomK: null, randomKReason: null });
});
afterEach(() => t.dispose());

const settings = { partition: 'gpu', gpusPerRun: 1, time: '01:00:00', remote: null, workdir: '/scratch/s', enas: 'enas' as const, journal: 'auto' as const };

describe('a study on a scripted Slurm with accounting', () => {
  it('submits one array job, reads live states from squeue and ended ones from sacct, cancels and resubmits', async () => {
    const slurm = scriptedHost({ sbatch: { code: 0, stdout: '42;cluster\n', stderr: '' } });
    let clock = 1000;
    const deps: SlurmStudyDeps = { store: t.store, dataDir: t.dir, now: () => clock, hostFor: () => slurm.host };

    const submitted = await submitStudy(deps, study, settings);
    expect(submitted.tasks.map((x) => [x.task, x.label, x.jobId, x.state])).toEqual([
      [0, 'enas seed 1 search + retrain', '42', 'pending'],
      [1, 'random-ws seed 1 search + retrain', '42', 'pending'],
      [2, 'enas seed 2 search + retrain', '42', 'pending'],
      [3, 'random-ws seed 2 search + retrain', '42', 'pending'],
    ]);
    expect(slurm.calls.find((c) => c.program === 'sbatch')?.args).toContain('--array=0,1,2,3');
    expect(JSON.parse(slurm.written.get('/scratch/s/study.json') ?? '{}')).toMatchObject({ name: 's', dataset: null });

    slurm.answers.squeue = { code: 0, stdout: '42_0|RUNNING\n', stderr: '' };
    slurm.answers.sacct = { code: 0, stdout: '42_0|RUNNING\n42_1|CANCELLED by 1000\n42_2|TIMEOUT\n', stderr: '' };
    clock = 2000;
    const { slurm: seen } = await refreshStudy(deps, study.id);
    expect(seen.tasks.map((x) => [x.state, x.slurmState, x.updatedAt])).toEqual([
      ['running', 'RUNNING', 2000],
      ['cancelled', 'CANCELLED by 1000', 2000],
      ['timeout', 'TIMEOUT', 2000],
      // Neither squeue nor sacct knows it, and its database is not there: Slurm lost it.
      ['unknown', 'PENDING', 2000],
    ]);

    expect(await cancelStudy(deps, study.id)).toEqual([0]);
    expect(slurm.calls.filter((c) => c.program === 'scancel').map((c) => c.args)).toEqual([['42_0']]);
    // Cancelled as far as this side knows; squeue still sees it ending, and says so until it is gone.
    expect(t.store.slurm.get(study.id)?.tasks[0]).toMatchObject({ state: 'cancelled', slurmState: 'CANCELLED (scancel sent)' });
    await refreshStudy(deps, study.id);
    expect(t.store.slurm.get(study.id)?.tasks[0]).toMatchObject({ state: 'running', slurmState: 'RUNNING' });
    slurm.answers.squeue = { code: 0, stdout: '', stderr: '' };
    slurm.answers.sacct = { code: 0, stdout: '42_0|CANCELLED by 1000\n42_1|CANCELLED by 1000\n42_2|TIMEOUT\n', stderr: '' };
    await refreshStudy(deps, study.id);
    expect(t.store.slurm.get(study.id)?.tasks[0]).toMatchObject({ state: 'cancelled', slurmState: 'CANCELLED by 1000' });

    slurm.answers.sbatch = { code: 0, stdout: '43\n', stderr: '' };
    const again = await resubmitStudy(deps, study.id);
    expect(slurm.calls.filter((c) => c.program === 'sbatch').at(-1)?.args).toContain('--array=0,1,2,3');
    expect(again).toEqual({ tasks: [0, 1, 2, 3], jobId: '43' });
    expect(t.store.slurm.get(study.id)?.tasks.map((x) => `${x.jobId}_${x.task} ${x.state}`)).toEqual(['43_0 pending', '43_1 pending', '43_2 pending', '43_3 pending']);
  });

  it('says what sbatch said when it refuses the job', async () => {
    const slurm = scriptedHost({ sbatch: { code: 1, stdout: '', stderr: 'sbatch: error: invalid partition specified: gpu\n' } });
    const deps: SlurmStudyDeps = { store: t.store, dataDir: t.dir, now: () => 0, hostFor: () => slurm.host };
    await expect(submitStudy(deps, study, settings)).rejects.toThrow(/SLURM_COMMAND_FAILED: sbatch on the scripted cluster refused the study \(exit 1\): sbatch: error: invalid partition specified: gpu/);
    // Kept as a study on Slurm whose tasks were never submitted: resume submits them.
    expect(t.store.slurm.get(study.id)?.tasks.map((x) => [x.state, x.slurmState])).toEqual(Array.from({ length: 4 }, () => ['failed', 'NOT SUBMITTED']));
    slurm.answers.sbatch = { code: 0, stdout: '7\n', stderr: '' };
    expect(await resubmitStudy(deps, study.id)).toEqual({ tasks: [0, 1, 2, 3], jobId: '7' });
  });
});
