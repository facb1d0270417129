import { describe, expect, it } from 'vitest';
import { formatBig, spaceSize } from './space-size';

describe('spaceSize', () => {
  it('gives the paper macro size 6^12 × 2^66 ≈ 1.6e29', () => {
    const size = spaceSize({ space: 'macro', numLayers: 12, numBranches: 6 });
    expect(size).toBe(6n ** 12n * 2n ** 66n);
    expect(formatBig(size)).toBe('1.6e29');
  });

  it('squares the per-cell micro product Π (k·branches)² for the two cells', () => {
    // B = 4: k = 2, 3 → (10·15)² per cell.
    expect(spaceSize({ space: 'micro', numNodes: 2, numBranches: 5 })).toBe((10n * 15n) ** 2n * (10n * 15n) ** 2n);
  });

  it('gives numActivations^N × (N−1)! for the rnn cell', () => {
    expect(spaceSize({ space: 'rnn', numNodes: 4, numActivations: 4 })).toBe(4n ** 4n * 6n);
  });

  it('gives the 15,625 cells of NAS-Bench-201 for nb201', () => {
    expect(spaceSize({ space: 'nb201' })).toBe(15_625n);
  });
});

describe('formatBig', () => {
  it('keeps small numbers whole and rounds big ones to two digits', () => {
    expect(formatBig(123456n)).toBe('123456');
    expect(formatBig(1_234_567n)).toBe('1.2e6');
    expect(formatBig(9_960_000n)).toBe('1e7');
  });
});
