import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { createMacroSpace } from './macro-space';
import { createMicroSpace } from './micro-space';
import { createRnnSpace } from './rnn-space';
import { paperSearchSpaceSize } from './paper-size';

/**
 * Calls `visit` with every sequence of `length` tokens over 0..alphabet−1 (an odometer). The alphabet is
 * one larger than the largest valid token, so every kind of out-of-range token is tried too.
 */
function forEachSequence(alphabet: number, length: number, visit: (tokens: number[]) => void): void {
  const tokens = new Array<number>(length).fill(0);
  for (;;) {
    visit(tokens);
    let p = length - 1;
    while (p >= 0 && tokens[p] === alphabet - 1) tokens[p--] = 0;
    if (p < 0) return;
    tokens[p] = (tokens[p] ?? 0) + 1;
  }
}

/** How many sequences `decode` accepts; anything but an EnasError fails the test. */
function countAccepted(alphabet: number, length: number, decode: (tokens: number[]) => unknown): number {
  let accepted = 0;
  forEachSequence(alphabet, length, (tokens) => {
    try {
      decode([...tokens]);
      accepted += 1;
    } catch (err) {
      if (!(err instanceof EnasError)) throw err;
    }
  });
  return accepted;
}

function factorial(n: number): bigint {
  return n <= 1 ? 1n : BigInt(n) * factorial(n - 1);
}

describe('search space sizes', () => {
  describe('size() against brute-force enumeration of tiny spaces', () => {
    it('macro, L = 3, 3 ops: 3^3 · 2^3 = 216 arcs among 4^6 sequences', () => {
      const space = createMacroSpace({ space: 'macro', numLayers: 3, numBranches: 3 });
      expect(countAccepted(4, space.arcLength, space.decode)).toBe(216);
      expect(space.size()).toBe(216n);
    });

    it('micro, 1 node, 2 ops: (2 · 2)^2 per cell, 256 pairs among 3^8 sequences', () => {
      const space = createMicroSpace({ space: 'micro', numNodes: 1, numBranches: 2 });
      expect(countAccepted(3, space.arcLength, space.decode)).toBe(256);
      expect(space.size()).toBe(256n);
    });

    it('micro, 2 nodes, 2 ops: (2 · 2)^2 (3 · 2)^2 = 576 per cell, enumerated one cell at a time', () => {
      const space = createMicroSpace({ space: 'micro', numNodes: 2, numBranches: 2 });
      const validCell = [0, 0, 0, 0, 0, 0, 0, 0];
      // 4^16 whole sequences is too many; the two cells' tokens are disjoint, so count each over 4^8.
      const normal = countAccepted(4, 8, (cell) => space.decode([...cell, ...validCell]));
      const reduction = countAccepted(4, 8, (cell) => space.decode([...validCell, ...cell]));
      expect([normal, reduction]).toEqual([576, 576]);
      expect(space.size()).toBe(576n * 576n);
    });

    it('rnn, N = 3, 4 activations: 4 · (1 · 4) · (2 · 4) = 128 arcs among 5^5 sequences', () => {
      const space = createRnnSpace({ space: 'rnn', numNodes: 3, numActivations: 4 });
      expect(countAccepted(5, space.arcLength, space.decode)).toBe(128);
      expect(space.size()).toBe(128n);
    });

    it('rnn, N = 4, 2 activations: 2 · (1 · 2) · (2 · 2) · (3 · 2) = 96 arcs among 4^7 sequences', () => {
      const space = createRnnSpace({ space: 'rnn', numNodes: 4, numActivations: 2 });
      expect(countAccepted(4, space.arcLength, space.decode)).toBe(96);
      expect(space.size()).toBe(96n);
    });
  });

  describe('size() of the paper\'s configurations, against closed forms', () => {
    it('macro L = 12: 6^12 · 2^66, as the paper counts', () => {
      const space = createMacroSpace({ space: 'macro', numLayers: 12, numBranches: 6 });
      expect(space.size()).toBe(6n ** 12n * 2n ** 66n);
      expect(space.size()).toBe(paperSearchSpaceSize(space.config));
    });

    it('micro B = 7: each cell ∏ over nodes of (inputs · 5)^2 = (6!)^2 · 5^10, squared for the pair', () => {
      const space = createMicroSpace({ space: 'micro', numNodes: 5, numBranches: 5 });
      expect(space.size()).toBe(factorial(6) ** 4n * 5n ** 20n);
      expect(Number(space.size())).toBeCloseTo(2.5629e25, -21);
    });

    it('rnn N = 12: 4^12 · 11!, the paper\'s count divided by N', () => {
      const space = createRnnSpace({ space: 'rnn', numNodes: 12, numActivations: 4 });
      expect(space.size()).toBe(4n ** 12n * factorial(11));
      expect(space.size() * 12n).toBe(paperSearchSpaceSize(space.config));
    });
  });

  describe('paperSearchSpaceSize reproduces the figures of Pham et al. (2018)', () => {
    it('macro, L = 12: 1.6e29 networks (§2.3)', () => {
      const size = paperSearchSpaceSize({ space: 'macro', numLayers: 12, numBranches: 6 });
      expect(size).toBe(160618186625454535808756219904n);
      expect(Number(size).toPrecision(2)).toBe('1.6e+29');
    });

    it('micro, B = 7: (5 · 5!)^4 = 1.3e11 networks (§2.4)', () => {
      const size = paperSearchSpaceSize({ space: 'micro', numNodes: 5, numBranches: 5 });
      expect(size).toBe(600n ** 4n);
      expect(Number(size).toPrecision(2)).toBe('1.3e+11');
    });

    it('rnn, N = 12: 4^12 · 12! ≈ 8e15, "approximately 10^15" models (§2.2)', () => {
      const size = paperSearchSpaceSize({ space: 'rnn', numNodes: 12, numActivations: 4 });
      expect(size).toBe(4n ** 12n * 479001600n);
      expect(Number(size).toPrecision(1)).toBe('8e+15');
    });

    it('follows the configured counts', () => {
      expect(paperSearchSpaceSize({ space: 'macro', numLayers: 3, numBranches: 4 })).toBe(4n ** 3n * 2n ** 3n);
      expect(paperSearchSpaceSize({ space: 'micro', numNodes: 3, numBranches: 2 })).toBe(12n ** 4n);
      expect(paperSearchSpaceSize({ space: 'rnn', numNodes: 3, numActivations: 2 })).toBe(48n);
    });
  });
});
