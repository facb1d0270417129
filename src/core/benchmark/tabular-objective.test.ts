import { describe, expect, it } from 'vitest';
import { createSearchSpace } from '../spaces';
import { createStrategy } from '../strategy/create-strategy';
import { strategyConfigSchema } from '../../shared/config/strategy';
import { NB201_CELLS, nb201CellOps, tableOptimum } from './nb201-table';
import type { Nb201Table } from './nb201-table';
import { tableCostModel } from './table-cost';
import { runTabularSearch } from './tabular-search';

/** A synthetic table, one recorded seed per cell: 80 % to 86 % by cell index. */
const table: Nb201Table = { seedSlots: 1, values: Float64Array.from({ length: NB201_CELLS }, (_, cell) => 80 + (cell % 7)) };

describe('tabular search under a cost objective', () => {
  const space = createSearchSpace({ space: 'nb201' });
  const costs = tableCostModel('nb201-cifar10');
  const search = (objective: Parameters<typeof runTabularSearch>[0]['objective']) =>
    runTabularSearch({ space, table, strategy: createStrategy(strategyConfigSchema.parse({ strategy: 'random-ws' }), space, 3), samples: 200, evaluatorSeed: 1, objective, costs });

  it('gives reward 0 to every query over the budget, the accuracy to the others, and records each cost', () => {
    const { queries } = search({ kind: 'budget', cost: 'params', limit: 600_000 });
    for (const q of queries) {
      expect(q.params).toBe(costs.cost(q.tokens).params);
      expect(q.reward).toBe(q.params > 600_000 ? 0 : q.accuracy / 100);
    }
    expect(queries.some((q) => q.reward === 0)).toBe(true);
  });

  it('measures regret against the best cell within the budget, not the unconstrained optimum', () => {
    const limit = 600_000;
    let inBudget = -Infinity;
    for (let cell = 0; cell < NB201_CELLS; cell++) {
      if (costs.cost(nb201CellOps(cell)).params <= limit) inBudget = Math.max(inBudget, table.values[cell]!);
    }
    const { optimum, queries } = search({ kind: 'budget', cost: 'params', limit });
    expect(optimum).toBe(inBudget);
    for (const q of queries) expect(q.regret).toBeGreaterThanOrEqual(0);
    const last = queries.at(-1)!;
    expect(last.regret).toBeCloseTo(inBudget - last.incumbentAccuracy, 12);
    // Under accuracy nothing changes: the table's optimum and accuracy regret.
    const plain = search({ kind: 'accuracy' });
    expect(plain.optimum).toBe(tableOptimum(table).mean);
    for (const q of plain.queries) expect(q.regret).toBe(plain.optimum - q.incumbentAccuracy);
  });

  it('measures a weighted search by its weighted value', () => {
    const beta = 0.2;
    const value = (cell: number): number => table.values[cell]! - (100 * beta * costs.cost(nb201CellOps(cell)).flops) / costs.largest.flops;
    let best = -Infinity;
    for (let cell = 0; cell < NB201_CELLS; cell++) best = Math.max(best, value(cell));
    const { optimum, queries } = search({ kind: 'weighted', cost: 'flops', beta });
    expect(optimum).toBeCloseTo(best, 9);
    for (const q of queries) expect(q.regret).toBeGreaterThanOrEqual(-1e-9);
  });

  it('subtracts beta times the normalised cost', () => {
    const { queries } = search({ kind: 'weighted', cost: 'flops', beta: 0.2 });
    for (const q of queries) expect(q.reward).toBeCloseTo(q.accuracy / 100 - (0.2 * q.flops) / costs.largest.flops, 12);
  });
});
