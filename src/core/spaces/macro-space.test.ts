import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import { createMacroSpace } from './macro-space';
import type { MacroArc } from './macro-space';

/**
 * The fixed arc of melodyguan/enas scripts/cifar10_macro_final.sh (commit 00787a5), line by line as the
 * script builds it: 24 layers (`--child_num_layers=24`, `--child_num_branches=4`), 24 + 276 = 300 tokens.
 */
const OFFICIAL_MACRO_FINAL = [
  '0',
  '3 0',
  '0 1 0',
  '2 0 0 1',
  '2 0 0 0 0',
  '3 1 1 0 1 0',
  '2 0 0 0 0 0 1',
  '2 0 1 1 0 1 1 1',
  '1 0 1 1 1 0 1 0 1',
  '0 0 0 0 0 0 0 0 0 0',
  '2 0 0 0 0 0 1 0 0 0 0',
  '0 1 0 0 1 1 0 0 0 0 1 1',
  '2 0 1 0 0 0 0 0 1 0 1 1 0',
  '1 0 0 1 0 0 0 1 1 1 0 1 0 1',
  '0 1 1 0 1 0 1 0 0 0 0 0 1 0 0',
  '2 0 0 1 0 0 0 0 0 0 0 1 0 1 0 1',
  '2 0 1 0 0 0 1 0 0 1 1 1 1 0 0 1 0',
  '2 0 0 0 0 1 0 1 0 1 0 0 1 0 1 0 0 1',
  '3 0 1 1 0 1 0 0 0 0 0 1 0 1 0 1 0 0 0',
  '3 0 1 1 0 0 0 0 0 0 0 0 0 1 1 0 0 0 0 1',
  '0 1 0 0 1 0 1 1 0 0 0 1 0 0 0 0 0 1 1 0 0',
  '3 0 1 0 1 1 0 0 1 0 1 1 0 1 1 0 1 0 0 1 0 0',
  '0 1 0 1 0 1 0 0 0 0 0 0 0 0 1 0 1 0 0 1 0 0 0',
  '0 1 1 0 0 0 1 1 1 0 1 0 0 0 1 0 1 0 0 1 1 0 0 0',
].join(' ');

function thrown(fn: () => unknown): EnasError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

describe('macro search space', () => {
  const space = createMacroSpace({ space: 'macro', numLayers: 12, numBranches: 6 });

  it('has L + L(L-1)/2 tokens: 78 for the paper\'s 12 layers', () => {
    expect(space.arcLength).toBe(78);
    expect(space.tokenChoices.filter((n) => n === 6)).toHaveLength(12);
    expect(space.tokenChoices.filter((n) => n === 2)).toHaveLength(66);
  });

  it('round-trips the official 24-layer final arc string unchanged', () => {
    const final = createMacroSpace({ space: 'macro', numLayers: 24, numBranches: 4 });
    const arc = final.parse(OFFICIAL_MACRO_FINAL);
    expect(final.format(arc)).toBe(OFFICIAL_MACRO_FINAL);
    expect(arc.layers).toHaveLength(24);
    expect(arc.layers[1]).toEqual({ op: 3, skips: [0] });
    expect(arc.layers[5]).toEqual({ op: 3, skips: [1, 1, 0, 1, 0] });
    expect(arc.layers[23]?.skips).toHaveLength(23);
  });

  it('reads each layer as its op followed by one skip bit per earlier node (stem, then layers)', () => {
    const small = createMacroSpace({ space: 'macro', numLayers: 3, numBranches: 6 });
    expect(small.parse('5 4 1 2 0 1')).toEqual({
      space: 'macro',
      layers: [
        { op: 5, skips: [] },
        { op: 4, skips: [1] },
        { op: 2, skips: [0, 1] },
      ],
    });
  });

  it('round-trips 1000 uniform samples through tokens and strings', () => {
    const prng = createPrng(1);
    for (let i = 0; i < 1000; i++) {
      const arc = space.sampleUniform(prng);
      expect(space.decode(space.encode(arc))).toEqual(arc);
      expect(space.parse(space.format(arc))).toEqual(arc);
    }
  });

  it('names the rule when the arc has the wrong length', () => {
    const err = thrown(() => space.decode(new Array<number>(77).fill(0)));
    expect(err.code).toBe('ARC_BAD_LENGTH');
    expect(err.message).toBe('ARC_BAD_LENGTH: macro arc with numLayers=12 needs 78 tokens, got 77');
  });

  it('names the layer and token of an op outside numBranches', () => {
    const tokens = new Array<number>(78).fill(0);
    tokens[6] = 6; // layer 3 starts after 1 + 2 + 3 tokens
    const err = thrown(() => space.decode(tokens));
    expect(err.code).toBe('ARC_BAD_OP');
    expect(err.message).toBe('ARC_BAD_OP: macro layer 3 (token 7 of 78): op 6 must be < 6 (numBranches)');
  });

  it('names the layer, token and target of a skip token that is not a bit', () => {
    const tokens = new Array<number>(78).fill(0);
    tokens[8] = 2; // layer 3: op at 6, skip bits to layers 0, 1, 2 at 7, 8, 9
    const err = thrown(() => space.decode(tokens));
    expect(err.code).toBe('ARC_BAD_SKIP');
    expect(err.message).toBe('ARC_BAD_SKIP: macro layer 3 (token 9 of 78): skip bit 1 (from layer 0) must be 0 or 1, got 2');
  });

  it('rejects an op the config leaves out even when it is a macro op', () => {
    const four = createMacroSpace({ space: 'macro', numLayers: 2, numBranches: 4 });
    expect(thrown(() => four.parse('4 0 0')).message).toBe(
      'ARC_BAD_OP: macro layer 0 (token 1 of 3): op 4 must be < 4 (numBranches)',
    );
  });

  it('refuses to encode a typed arc whose layer has the wrong number of skip bits', () => {
    const arc = space.sampleUniform(createPrng(2));
    const bad: MacroArc = { ...arc, layers: arc.layers.map((l, i) => (i === 4 ? { ...l, skips: [1, 0] } : l)) };
    const err = thrown(() => space.encode(bad));
    expect(err.code).toBe('ARC_BAD_LENGTH');
    expect(err.message).toContain('macro layer 4 needs 4 skip bits');
  });

  it('gives different ids to arcs that differ in one skip bit, and equal ids to equal arcs', () => {
    const arc = space.sampleUniform(createPrng(3));
    const tokens = space.encode(arc);
    const flipped = [...tokens];
    flipped[11] = 1 - (flipped[11] ?? 0); // layer 4: op at 10, skip bit 0 (from the stem) at 11
    expect(space.archId(space.decode([...tokens]))).toBe(space.archId(arc));
    expect(space.archId(space.decode(flipped))).not.toBe(space.archId(arc));
    expect(space.archId(arc)).toMatch(/^macro-[0-9a-f]{16}$/);
  });

  it('samples every op and skip bit uniformly and independently (chi-square over whole arcs)', () => {
    // L = 2, 2 ops: 2 · 2 · 2 = 8 arcs; uniform and independent decisions make every arc equally likely.
    const tiny = createMacroSpace({ space: 'macro', numLayers: 2, numBranches: 2 });
    const prng = createPrng(4);
    const counts = new Map<string, number>();
    const n = 8000;
    for (let i = 0; i < n; i++) {
      const key = tiny.format(tiny.sampleUniform(prng));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(8);
    const expected = n / 8;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(24.32); // 7 degrees of freedom, p = 0.001
  });
});
