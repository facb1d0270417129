import { describe, expect, it } from 'vitest';
import { NB201_CELLS } from '../../core/benchmark/nb201-table';
import { checkSeedJob, checkSeedJobResult, runSeedJob } from './tabular-seed-job';
import type { SeedJob } from './tabular-seed-job';
import { shareSeeds } from './tabular-workers';

/** A one-seed-slot table: 80 % to 86 % by cell index. */
const job: SeedJob = {
  dataset: 'nb201-cifar10',
  table: { seedSlots: 1, values: Float64Array.from({ length: NB201_CELLS }, (_, cell) => 80 + (cell % 7)) },
  strategy: 'parsec',
  samples: 30,
  checkpoints: [10, 30],
  objective: { kind: 'accuracy' },
  seeds: [3, 4],
  keepResults: true,
};

describe('a tabular search worker’s job', () => {
  it('splits seeds into contiguous, even, non-empty shares', () => {
    expect(shareSeeds([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2)).toEqual([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
    expect(shareSeeds([0, 1, 2, 3, 4], 2)).toEqual([[0, 1], [2, 3, 4]]);
    expect(shareSeeds([7, 8, 9], 5)).toEqual([[7], [8], [9]]);
  });

  it('accepts a well-formed job and refuses a malformed one, naming what is wrong', () => {
    expect(checkSeedJob(job)).toEqual(job);
    expect(() => checkSeedJob({ ...job, table: { seedSlots: 1, values: new Float64Array(10) } })).toThrow(/table must hold 15625 cells/);
    expect(() => checkSeedJob({ ...job, strategy: 'random-ws' })).toThrow(/strategy must be one of random, enas, enas-memory, parsec/);
    expect(() => checkSeedJob({ ...job, checkpoints: [10, 31] })).toThrow(/checkpoints must be query counts from 1 to 30/);
    expect(() => checkSeedJob({ ...job, seeds: [] })).toThrow(/seeds must be a non-empty list/);
    expect(() => checkSeedJob({ ...job, objective: { kind: 'budget' } })).toThrow(/objective/);
    expect(() => checkSeedJob(null)).toThrow(/the job is not an object/);
  });

  it('runs its seeds, and what it sends back passes the check; a result for other seeds or with NaN does not', () => {
    const result = runSeedJob(job);
    expect(result.outcomes.map((o) => o.seed)).toEqual([3, 4]);
    expect(result.results.map((r) => r.queries.length)).toEqual([30, 30]);
    expect(checkSeedJobResult(result, job)).toEqual(result);
    const [first, second] = result.outcomes;
    expect(() => checkSeedJobResult({ ...result, outcomes: [second, first] }, job)).toThrow(/outcome 1 is for seed 4, expected 3/);
    expect(() => checkSeedJobResult({ ...result, outcomes: [{ ...first!, regrets: [NaN, 0] }, second] }, job)).toThrow(/seed 3 has a missing or non-finite value/);
    expect(() => checkSeedJobResult({ ...result, results: [] }, job)).toThrow(/must hold 2 searches of 30 queries/);
    expect(() => checkSeedJobResult(undefined, job)).toThrow(/is not an object/);
  });
});
