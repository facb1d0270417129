/**
 * Random search on the shipped CIFAR-10 table against the exact expectation of its order statistics, so
 * the check cannot be tuned. One query draws a cell uniformly (1/15,625) and one of its recorded seeds
 * uniformly; its reward R is that seed's accuracy, its true value M the cell's mean over seeds. The
 * incumbent after n iid queries is the first query with the largest R, and given which queries have the
 * largest value r, the first of them is a draw from the distribution conditional on R = r. Hence
 *   E[M_inc(n)] = Σ_r (P(R ≤ r)^n − P(R < r)^n) · E[M | R = r],
 * and the same with M² gives the variance. The mean over SEEDS independent searches must lie within four
 * standard errors of that expectation. (Choosing the incumbent by true accuracy instead of reward would
 * differ by only ~0.02 points at n = 10 on this table, well inside the band: seed noise is small next to
 * the spread between cells, so this test checks the sampler, lookup and regret, not the tie-breaking.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { strategyConfigSchema } from '../../shared/config/strategy';
import { createNb201Space } from '../spaces/nb201-space';
import { createStrategy } from '../strategy/create-strategy';
import { NB201_CELLS, meanAccuracies, recordedAccuracies, tableOptimum } from './nb201-table';
import type { Nb201Table } from './nb201-table';
import { evaluatorSeedFor, summariseRegret } from './regret-summary';
import { decodeNb201Table } from './table-codec';

const FILE = join(import.meta.dirname, '../../../resources/benchmarks/nas-bench-201/cifar10.nb201.gz');
const SEEDS = 1000;
const CHECKPOINTS = [1, 10, 100];

/** E[M] of the incumbent after n queries and its standard deviation. */
function exactMoments(table: Nb201Table, n: number): { mean: number; sd: number } {
  const means = meanAccuracies(table);
  // Group the query outcomes by reward: probability, Σ p·M, Σ p·M².
  const groups = new Map<number, { p: number; m: number; m2: number }>();
  for (let cell = 0; cell < NB201_CELLS; cell++) {
    const values = recordedAccuracies(table, cell);
    const m = means[cell]!;
    for (const r of values) {
      const p = 1 / NB201_CELLS / values.length;
      const g = groups.get(r) ?? { p: 0, m: 0, m2: 0 };
      g.p += p;
      g.m += p * m;
      g.m2 += p * m * m;
      groups.set(r, g);
    }
  }
  let below = 0;
  let e1 = 0;
  let e2 = 0;
  for (const [, g] of [...groups].sort((a, b) => a[0] - b[0])) {
    const atMost = Math.min(1, below + g.p);
    const weight = atMost ** n - below ** n;
    e1 += (weight * g.m) / g.p;
    e2 += (weight * g.m2) / g.p;
    below = atMost;
  }
  return { mean: e1, sd: Math.sqrt(Math.max(0, e2 - e1 * e1)) };
}

describe('random search on the NAS-Bench-201 CIFAR-10 table', () => {
  const table = decodeNb201Table(gunzipSync(readFileSync(FILE)), FILE);
  const space = createNb201Space();
  const random = strategyConfigSchema.parse({ strategy: 'random-ws' });

  it('finds the paper optimum 91.61 at 333132 and the ResNet cell at 90.86', () => {
    const best = tableOptimum(table);
    expect(best.cell.toString(5).padStart(6, '0')).toBe('333132');
    expect(best.mean).toBeCloseTo(91.607, 3);
    expect(meanAccuracies(table)[parseInt('303101', 5)]).toBeCloseTo(90.86, 2);
    expect(evaluatorSeedFor(0)).not.toBe(0);
  });

  it(`matches the exact order-statistics expectation of best-of-n over ${SEEDS} seeds`, () => {
    const summary = summariseRegret({
      space,
      table,
      makeStrategy: (seed) => createStrategy(random, space, seed),
      samples: 100,
      seeds: SEEDS,
      checkpoints: CHECKPOINTS,
    });
    for (const n of CHECKPOINTS) {
      const exact = exactMoments(table, n);
      const tolerance = (4 * exact.sd) / Math.sqrt(SEEDS);
      const measured = summary.bestAt[String(n)]!;
      expect(Math.abs(measured - exact.mean), `n=${n}: measured ${measured}, exact ${exact.mean} ± ${tolerance}`).toBeLessThan(tolerance);
      expect(summary.regretAt[String(n)]).toBeCloseTo(summary.optimum - measured, 9);
    }
  });
});
