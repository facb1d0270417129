/**
 * The controller traces of a tabular search, grouped for the controller analysis. A tabular search has no
 * epochs; its queries are grouped in windows of {@link TABULAR_ANALYSIS_WINDOW} consecutive queries, each
 * window standing for an epoch (100 architectures: 4,950 pairs per correlation).
 */
import type { TracedArchitecture } from '../analysis/controller-analysis';
import type { TabularQuery } from './tabular-search';

export const TABULAR_ANALYSIS_WINDOW = 100;

/** The "epoch" of a 1-based query number. */
export function tabularWindowOf(query: number): number {
  return Math.floor((query - 1) / TABULAR_ANALYSIS_WINDOW);
}

/** The traced queries (those whose strategy reported a hidden state), as analysis input. */
export function tabularTraces(queries: readonly TabularQuery[]): TracedArchitecture[] {
  return queries.flatMap((q) => (q.hidden === undefined ? [] : [{ epoch: tabularWindowOf(q.query), tokens: q.tokens, hidden: q.hidden }]));
}
