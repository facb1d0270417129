/**
 * Exact search-space sizes for the New search form (docs/architecture.md §2), in BigInt since they pass 2^53:
 * - macro: numBranches^L × 2^(L(L−1)/2) (one op per layer, a skip bit per earlier layer pair);
 * - micro: per cell Π_{k=2}^{B−1} (k·numBranches)², B = numNodes + 2; the normal and reduction cells are
 *   independent, so the pair is that squared;
 * - rnn: numActivations^N × (N−1)! (node k picks one of k earlier nodes and an activation);
 * - nb201: 5 ops on each of 6 edges, 5^6 = 15,625.
 */
import type { SpaceConfig } from '../../shared/config/space';

export function spaceSize(space: SpaceConfig): bigint {
  if (space.space === 'macro') {
    const L = BigInt(space.numLayers);
    return BigInt(space.numBranches) ** L * 2n ** ((L * (L - 1n)) / 2n);
  }
  if (space.space === 'micro') {
    const B = space.numNodes + 2;
    let cell = 1n;
    for (let k = 2; k <= B - 1; k++) cell *= BigInt(k * space.numBranches) ** 2n;
    return cell * cell;
  }
  if (space.space === 'nb201') return 5n ** 6n;
  let factorial = 1n;
  for (let k = 2; k <= space.numNodes - 1; k++) factorial *= BigInt(k);
  return BigInt(space.numActivations) ** BigInt(space.numNodes) * factorial;
}

/** `1.6e29` for big numbers (two significant digits), the plain integer below 10^6. */
export function formatBig(value: bigint): string {
  const digits = value.toString();
  if (digits.length <= 6) return digits;
  const exponent = digits.length - 1;
  // Round to two significant digits from the first three.
  let mantissa = Math.round(Number(digits.slice(0, 3)) / 10);
  let exp = exponent;
  if (mantissa >= 100) {
    mantissa = 10;
    exp += 1;
  }
  const text = (mantissa / 10).toFixed(1).replace(/\.0$/, '');
  return `${text}e${exp}`;
}
