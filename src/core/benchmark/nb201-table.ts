/**
 * A NAS-Bench-201 table (Dong & Yang, ICLR 2020): for each of the 15,625 cells of the nb201 space, the
 * validation accuracy (%) the benchmark measured after its 200-epoch training, for each recorded training
 * seed (the public tables record 2 or 3). A tabular search scores an architecture by looking it up here
 * instead of training it, so a strategy can be run thousands of times and its regret measured against the
 * known optimum.
 *
 * Cells are indexed by their six op digits read as a base-5 number, first edge most significant, which is
 * also the order of the tables' rows (`000000`, `000001`, …).
 */

/** Cells of the nb201 space: 5 ops on each of 6 edges. */
export const NB201_CELLS = 5 ** 6;

export interface Nb201Table {
  /** Seed columns of the table (3 in the public tables); a cell may have fewer recorded. */
  readonly seedSlots: number;
  /** Accuracy (%) per cell and seed slot at `cell · seedSlots + slot`; NaN where no run was recorded. */
  readonly values: Float64Array;
}

/** The row of a cell in the table: its op digits as a base-5 number. */
export function nb201CellIndex(ops: readonly number[]): number {
  return ops.reduce((acc, op) => acc * 5 + op, 0);
}

/** The op digits of a row index, inverse of {@link nb201CellIndex}. */
export function nb201CellOps(index: number): number[] {
  const ops = new Array<number>(6);
  let rest = index;
  for (let e = 5; e >= 0; e--) {
    ops[e] = rest % 5;
    rest = Math.floor(rest / 5);
  }
  return ops;
}

/** The recorded accuracies of a cell (1 to seedSlots values). */
export function recordedAccuracies(table: Nb201Table, cell: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < table.seedSlots; s++) {
    const v = table.values[cell * table.seedSlots + s] ?? NaN;
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

/** Mean accuracy (%) of a cell over its recorded seeds: its "true" accuracy for regret. */
export function meanAccuracy(table: Nb201Table, cell: number): number {
  const values = recordedAccuracies(table, cell);
  return values.reduce((acc, v) => acc + v, 0) / values.length;
}

/** Mean accuracy of every cell, by index. */
export function meanAccuracies(table: Nb201Table): Float64Array {
  return Float64Array.from({ length: NB201_CELLS }, (_, cell) => meanAccuracy(table, cell));
}

/** The best cell by mean accuracy (the first of equal ones) and that mean. */
export function tableOptimum(table: Nb201Table): { cell: number; mean: number } {
  const means = meanAccuracies(table);
  let best = 0;
  for (let cell = 1; cell < means.length; cell++) if ((means[cell] ?? -Infinity) > (means[best] ?? -Infinity)) best = cell;
  return { cell: best, mean: means[best] ?? NaN };
}
