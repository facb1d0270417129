import { describe, expect, it } from 'vitest';
import { createPrng } from '../random/prng';
import type { Prng } from '../random/prng';
import { analyseController, arcHammingDistance, hiddenDistance, pearson } from './controller-analysis';
import type { TracedArchitecture } from './controller-analysis';

const WIDTH = 8;
const DECISIONS = 12;
const CHOICES = 4;

function gaussian(prng: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - prng.next())) * Math.cos(2 * Math.PI * prng.next());
}

/**
 * A planted encoding: the hidden state at decision p is a fixed random vector of (p, token at p) plus noise,
 * so two architectures' states are far apart exactly where their tokens differ.
 */
function plantedArchitectures(count: number, epoch: number, noise: number, prng: Prng): TracedArchitecture[] {
  const codes = Array.from({ length: DECISIONS * CHOICES }, () => Float32Array.from({ length: WIDTH }, () => gaussian(prng)));
  return Array.from({ length: count }, () => {
    const tokens = Array.from({ length: DECISIONS }, () => prng.int(CHOICES));
    const values = new Float32Array(DECISIONS * WIDTH);
    tokens.forEach((t, p) => codes[p * CHOICES + t]!.forEach((v, k) => (values[p * WIDTH + k] = v + noise * gaussian(prng))));
    return { epoch, tokens, hidden: { width: WIDTH, values } };
  });
}

function shuffled(archs: readonly TracedArchitecture[], prng: Prng): TracedArchitecture[] {
  const hidden = archs.map((a) => a.hidden);
  for (let i = hidden.length - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    [hidden[i], hidden[j]] = [hidden[j]!, hidden[i]!];
  }
  return archs.map((a, i) => ({ ...a, hidden: hidden[i]! }));
}

describe('controller analysis', () => {
  it('measures arc Hamming and hidden Euclidean distances', () => {
    expect(arcHammingDistance([0, 1, 2, 3], [0, 2, 2, 0])).toBe(2);
    expect(hiddenDistance({ width: 2, values: Float32Array.of(0, 0, 1, 1) }, { width: 2, values: Float32Array.of(3, 4, 1, 1) })).toBe(5);
    expect(() => arcHammingDistance([0], [0, 1])).toThrow(RangeError);
  });

  it('gives Pearson r of 1, −1 and null for exact, inverted and flat relations', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });

  it('recovers a correlation planted in synthetic hidden states, epoch by epoch', () => {
    const prng = createPrng(1);
    const archs = [...plantedArchitectures(40, 0, 0.3, prng), ...plantedArchitectures(40, 1, 0.3, prng)];
    const analysis = analyseController(archs);
    expect(analysis.epochs.map((e) => [e.epoch, e.architectures, e.pairs])).toEqual([
      [0, 40, 780],
      [1, 40, 780],
    ]);
    // The distance grows as √(Hamming) times random code distances, not linearly: r ≈ 0.75 here, not 1.
    for (const e of analysis.epochs) expect(e.correlation).toBeGreaterThan(0.6);
    expect(analysis.scatter?.epoch).toBe(1);
    expect(analysis.scatter?.points).toHaveLength(780);
    // Past the limit, every k-th pair: with 40 architectures and room for 300, every third of the 780.
    const capped = analyseController(archs, { scatterPoints: 300 }).scatter?.points;
    expect(capped).toHaveLength(260);
    expect(capped?.[1]).toEqual(analysis.scatter?.points[3]);
  });

  it('finds about no correlation once the same hidden states are shuffled across architectures', () => {
    const prng = createPrng(2);
    const correlations = Array.from({ length: 5 }, (_, epoch) => {
      const archs = shuffled(plantedArchitectures(40, epoch, 0.3, prng), prng);
      return analyseController(archs).epochs[0]!.correlation!;
    });
    for (const r of correlations) expect(Math.abs(r)).toBeLessThan(0.15);
    expect(Math.abs(correlations.reduce((a, b) => a + b, 0) / correlations.length)).toBeLessThan(0.08);
  });

  it('reports no correlation for an epoch of fewer than three architectures', () => {
    const archs = plantedArchitectures(2, 3, 0.3, createPrng(3));
    const analysis = analyseController(archs);
    expect(analysis.epochs).toEqual([{ epoch: 3, architectures: 2, pairs: 1, correlation: null }]);
    expect(analysis.meanCorrelation).toBeNull();
    expect(analysis.scatter).toBeNull();
  });
});
