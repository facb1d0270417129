import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import { createRnnSpace } from './rnn-space';
import type { RnnArc } from './rnn-space';

/** The fixed arc of melodyguan/enas scripts/ptb_final.sh (commit 00787a5), run with --child_rhn_depth=12. */
const OFFICIAL_PTB_FINAL = '0 0 0 1 1 2 1 2 0 2 0 5 1 1 0 6 1 8 1 8 1 8 1';

function thrown(fn: () => unknown): EnasError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

describe('rnn search space', () => {
  const space = createRnnSpace({ space: 'rnn', numNodes: 12, numActivations: 4 });

  it('has 2N - 1 tokens: 23 for the paper\'s 12 nodes', () => {
    expect(space.arcLength).toBe(23);
    expect(space.tokenChoices.slice(0, 7)).toEqual([4, 1, 4, 2, 4, 3, 4]);
  });

  it('round-trips the official PTB final arc string unchanged', () => {
    expect(space.format(space.parse(OFFICIAL_PTB_FINAL))).toBe(OFFICIAL_PTB_FINAL);
  });

  it('reads node 0\'s activation, then a (prev, activation) pair per later node, as ptb_enas_child.py does', () => {
    const arc = space.parse(OFFICIAL_PTB_FINAL);
    const pairs = arc.nodes.map((n) => [n.prev, n.activation]);
    expect(pairs).toEqual([
      [-1, 0],
      [0, 0],
      [1, 1],
      [2, 1],
      [2, 0],
      [2, 0],
      [5, 1],
      [1, 0],
      [6, 1],
      [8, 1],
      [8, 1],
      [8, 1],
    ]);
  });

  it('round-trips 1000 uniform samples through tokens and strings', () => {
    const prng = createPrng(21);
    for (let i = 0; i < 1000; i++) {
      const arc = space.sampleUniform(prng);
      expect(space.decode(space.encode(arc))).toEqual(arc);
      expect(space.parse(space.format(arc))).toEqual(arc);
    }
  });

  it('names the node and token of a prev index that is not an earlier node', () => {
    const tokens = OFFICIAL_PTB_FINAL.split(' ').map(Number);
    tokens[5] = 3; // node 3's prev
    const err = thrown(() => space.decode(tokens));
    expect(err.code).toBe('ARC_BAD_INDEX');
    expect(err.message).toBe('ARC_BAD_INDEX: rnn node 3 (token 6 of 23): previous-node index 3 must be < 3 (an earlier node)');
  });

  it('names the node and token of an unknown activation', () => {
    const err = thrown(() => space.parse(`4 ${OFFICIAL_PTB_FINAL.slice(2)}`));
    expect(err.code).toBe('ARC_BAD_ACTIVATION');
    expect(err.message).toBe('ARC_BAD_ACTIVATION: rnn node 0 (token 1 of 23): activation 4 must be < 4 (numActivations)');
    const two = createRnnSpace({ space: 'rnn', numNodes: 12, numActivations: 2 });
    expect(thrown(() => two.parse(OFFICIAL_PTB_FINAL.replace('1 2 1 2', '1 2 2 2'))).message).toBe(
      'ARC_BAD_ACTIVATION: rnn node 3 (token 7 of 23): activation 2 must be < 2 (numActivations)',
    );
  });

  it('names the rule when the arc has N pairs instead of 2N - 1 tokens', () => {
    expect(thrown(() => space.parse(`${OFFICIAL_PTB_FINAL} 0`)).message).toBe(
      'ARC_BAD_LENGTH: rnn arc with numNodes=12 needs 23 tokens, got 24',
    );
  });

  it('refuses to encode a typed arc whose node 0 claims a previous node', () => {
    const arc = space.parse(OFFICIAL_PTB_FINAL);
    const bad: RnnArc = { ...arc, nodes: arc.nodes.map((n, k) => (k === 0 ? { ...n, prev: 0 } : n)) };
    expect(thrown(() => space.encode(bad)).code).toBe('ARC_BAD_INDEX');
  });

  it('gives equal ids to equal arcs and different ids when one activation changes', () => {
    const a = space.parse(OFFICIAL_PTB_FINAL);
    const b = space.parse(OFFICIAL_PTB_FINAL.replace(/1$/, '2'));
    expect(space.archId(space.parse(OFFICIAL_PTB_FINAL))).toBe(space.archId(a));
    expect(space.archId(b)).not.toBe(space.archId(a));
    expect(space.archId(a)).toMatch(/^rnn-[0-9a-f]{16}$/);
  });

  it('samples every decision uniformly and independently (chi-square over whole arcs)', () => {
    // N = 3, 2 activations: 2 · (1 · 2) · (2 · 2) = 16 arcs, all equally likely.
    const tiny = createRnnSpace({ space: 'rnn', numNodes: 3, numActivations: 2 });
    const prng = createPrng(22);
    const counts = new Map<string, number>();
    const n = 16_000;
    for (let i = 0; i < n; i++) {
      const key = tiny.format(tiny.sampleUniform(prng));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(16);
    const expected = n / 16;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(37.7); // 15 degrees of freedom, p = 0.001
  });
});
