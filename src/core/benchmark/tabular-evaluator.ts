/**
 * The tabular evaluator: an architecture is scored by table lookup instead of training. Each query returns
 * the accuracy of one of the cell's recorded training seeds, drawn uniformly with the evaluator's own
 * seeded Prng, so a query is as noisy as one real training run would be and a run replays exactly.
 * The "true" accuracy used for regret is the mean over the recorded seeds.
 */
import { createPrng } from '../random/prng';
import { meanAccuracy, nb201CellIndex, recordedAccuracies } from './nb201-table';
import type { Nb201Table } from './nb201-table';

export interface TabularScore {
  /** Row of the cell in the table. */
  readonly cell: number;
  /** The drawn seed's accuracy (%): what the strategy is told. */
  readonly accuracy: number;
  /** Mean accuracy (%) over the recorded seeds: the cell's true accuracy. */
  readonly meanAccuracy: number;
}

export interface TabularEvaluator {
  /** Score the nb201 tokens (six op indices, already validated by the space); advances the Prng. */
  evaluate(tokens: readonly number[]): TabularScore;
}

export function createTabularEvaluator(table: Nb201Table, seed: number): TabularEvaluator {
  const prng = createPrng(seed);
  return {
    evaluate(tokens) {
      const cell = nb201CellIndex(tokens);
      const values = recordedAccuracies(table, cell);
      const accuracy = values[prng.int(values.length)] ?? NaN;
      return { cell, accuracy, meanAccuracy: meanAccuracy(table, cell) };
    },
  };
}
