/**
 * The search-space sizes as the ENAS paper counts them (Pham et al., 2018, §2.2–2.4), with the paper's
 * constants (6 ops, 5 ops, 4 activations) replaced by the configured counts. They reproduce the paper's
 * figures; `SearchSpace.size()` is the exact number of distinct token sequences, and only for macro do
 * the two agree:
 *
 * - macro: 6^L × 2^(L(L−1)/2): one op per layer and one bit per earlier layer. Exact. L = 12 → 1.6e29.
 * - micro: (5 × (B−2)!)^4 with B = numNodes + 2: B = 7 → 1.3e11. The exact count is much larger:
 *   node i (3 ≤ i ≤ B in the paper's numbering) picks each of its two inputs among i − 1 earlier nodes
 *   and an op for each of its two branches, so a cell has ∏(5(i−1))² = 5^(2(B−2)) × ((B−1)!)² sequences,
 *   and the pair of cells that squared: ≈ 2.6e25 for B = 7. The paper's per-cell (5 × (B−2)!)² has one op
 *   factor where there are 2(B−2) and (B−2)! where there are (B−1)! index choices per input; identifying
 *   the two orders of a node's inputs (as archId does) divides by less than 2^(2(B−2)) and does not close
 *   the gap either. We keep the paper's formula only to show its figure.
 * - rnn: 4^N × N!: N = 12 → 8.0e15 (the paper says "approximately 10^15"). In the official code node k
 *   picks prev among k earlier nodes and node 0 picks none, so the exact count is 4^N × (N−1)!, the
 *   paper's count divided by N.
 * - nb201: 5 ops on each of 6 edges, 5^6 = 15,625 cells, the count of the NAS-Bench-201 paper (§2.1). Exact.
 */
import type { SpaceConfig } from '../../shared/config/space';

function factorial(n: number): bigint {
  let out = 1n;
  for (let i = 2n; i <= BigInt(n); i++) out *= i;
  return out;
}

/** The paper's count of the search space (see the file comment for how it differs from `size()`). */
export function paperSearchSpaceSize(config: SpaceConfig): bigint {
  switch (config.space) {
    case 'macro': {
      const L = BigInt(config.numLayers);
      return BigInt(config.numBranches) ** L * 2n ** ((L * (L - 1n)) / 2n);
    }
    case 'micro':
      return (BigInt(config.numBranches) * factorial(config.numNodes)) ** 4n;
    case 'rnn':
      return BigInt(config.numActivations) ** BigInt(config.numNodes) * factorial(config.numNodes);
    case 'nb201':
      return 5n ** 6n;
  }
}
