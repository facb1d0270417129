import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import { createMicroSpace } from './micro-space';
import type { MicroArc } from './micro-space';

/** The fixed arc of melodyguan/enas scripts/cifar10_micro_final.sh (commit 00787a5): normal, then reduction. */
const OFFICIAL_NORMAL = '0 2 0 0 0 4 0 1 0 4 1 1 1 0 0 1 0 2 1 1';
const OFFICIAL_REDUCTION = '1 0 1 0 0 3 0 2 1 1 3 1 1 0 0 4 0 3 1 1';
const OFFICIAL_MICRO_FINAL = `${OFFICIAL_NORMAL} ${OFFICIAL_REDUCTION}`;

function thrown(fn: () => unknown): EnasError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

describe('micro search space', () => {
  const space = createMicroSpace({ space: 'micro', numNodes: 5, numBranches: 5 });

  it('has 4 tokens per searched node and cell: 40 for the paper\'s B = 7', () => {
    expect(space.arcLength).toBe(40);
    // Node k may read graph nodes 0..k+1, in both cells.
    expect(space.tokenChoices.slice(0, 20).filter((_, p) => p % 2 === 0)).toEqual([2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(space.tokenChoices.slice(20)).toEqual(space.tokenChoices.slice(0, 20));
  });

  it('round-trips the official final arc string unchanged', () => {
    const arc = space.parse(OFFICIAL_MICRO_FINAL);
    expect(space.format(arc)).toBe(OFFICIAL_MICRO_FINAL);
  });

  it('reads each node as index_1 op_1 index_2 op_2, the normal cell first', () => {
    const arc = space.parse(OFFICIAL_MICRO_FINAL);
    expect(arc.normal.nodes[0]).toEqual({ inputs: [0, 0], ops: [2, 0] });
    expect(arc.normal.nodes[2]).toEqual({ inputs: [0, 1], ops: [4, 1] });
    expect(arc.normal.nodes[4]).toEqual({ inputs: [0, 1], ops: [2, 1] });
    expect(arc.reduction.nodes[0]).toEqual({ inputs: [1, 1], ops: [0, 0] });
    expect(arc.reduction.nodes[2]).toEqual({ inputs: [1, 3], ops: [1, 1] });
  });

  it('round-trips 1000 uniform samples through tokens and strings', () => {
    const prng = createPrng(11);
    for (let i = 0; i < 1000; i++) {
      const arc = space.sampleUniform(prng);
      expect(space.decode(space.encode(arc))).toEqual(arc);
      expect(space.parse(space.format(arc))).toEqual(arc);
    }
  });

  it('names the cell, node and token of an input that is not an earlier node', () => {
    const tokens = space.encode(space.parse(OFFICIAL_MICRO_FINAL));
    tokens[8] = 5; // normal cell, searched node 2 = graph node 4: index_1
    const err = thrown(() => space.decode(tokens));
    expect(err.code).toBe('ARC_BAD_INDEX');
    expect(err.message).toBe(
      'ARC_BAD_INDEX: micro normal cell, node 4 (token 9 of 40): input index 5 must be < 4 (a cell input 0, 1 or an earlier node)',
    );
  });

  it('names the reduction cell when its first node reads itself', () => {
    const tokens = space.encode(space.parse(OFFICIAL_MICRO_FINAL));
    tokens[22] = 2; // reduction cell, graph node 2: index_2
    expect(thrown(() => space.decode(tokens)).message).toBe(
      'ARC_BAD_INDEX: micro reduction cell, node 2 (token 23 of 40): input index 2 must be < 2 (a cell input 0, 1 or an earlier node)',
    );
  });

  it('names the token of an op outside numBranches', () => {
    const three = createMicroSpace({ space: 'micro', numNodes: 5, numBranches: 3 });
    // Token 2 (op 2) is within 3 ops; token 6, op_1 of graph node 3, is op 4.
    const err = thrown(() => three.parse(OFFICIAL_MICRO_FINAL));
    expect(err.code).toBe('ARC_BAD_OP');
    expect(err.message).toBe('ARC_BAD_OP: micro normal cell, node 3 (token 6 of 40): op 4 must be < 3 (numBranches)');
  });

  it('names the rule when a cell has the wrong number of tokens', () => {
    expect(thrown(() => space.parse(OFFICIAL_NORMAL)).message).toBe(
      'ARC_BAD_LENGTH: micro arc with numNodes=5 needs 40 tokens, got 20',
    );
  });

  it('refuses to encode a typed arc with a missing node', () => {
    const arc = space.parse(OFFICIAL_MICRO_FINAL);
    const bad: MicroArc = { ...arc, reduction: { nodes: arc.reduction.nodes.slice(1) } };
    expect(thrown(() => space.encode(bad)).message).toBe(
      'ARC_BAD_LENGTH: micro reduction cell with numNodes=5 needs 5 nodes, got 4',
    );
  });

  it('gives the same id when a node\'s two inputs are swapped, since their sum is the same', () => {
    const arc = space.parse(OFFICIAL_MICRO_FINAL);
    const swapNode = (a: MicroArc, k: number): MicroArc => ({
      ...a,
      reduction: {
        nodes: a.reduction.nodes.map((n, i) =>
          i === k ? { inputs: [n.inputs[1], n.inputs[0]], ops: [n.ops[1], n.ops[0]] } : n,
        ),
      },
    });
    const swapped = swapNode(arc, 2); // (1, 1) + (3, 1) → (3, 1) + (1, 1)
    expect(space.format(swapped)).not.toBe(space.format(arc));
    expect(space.archId(swapped)).toBe(space.archId(arc));
  });

  it('gives different ids when only the pairing of inputs and ops changes', () => {
    const rest = OFFICIAL_MICRO_FINAL.split(' ').slice(4).join(' ');
    const a = space.parse(`0 2 1 4 ${rest}`); // node 2 = avg3x3(node 0) + identity(node 1)
    const b = space.parse(`0 4 1 2 ${rest}`); // node 2 = identity(node 0) + avg3x3(node 1)
    const aSwapped = space.parse(`1 4 0 2 ${rest}`);
    expect(space.archId(a)).not.toBe(space.archId(b));
    expect(space.archId(aSwapped)).toBe(space.archId(a));
  });

  it('keeps the normal and the reduction cell apart in the id', () => {
    const arc = space.parse(OFFICIAL_MICRO_FINAL);
    const exchanged: MicroArc = { space: 'micro', normal: arc.reduction, reduction: arc.normal };
    expect(space.archId(exchanged)).not.toBe(space.archId(arc));
  });

  it('samples every decision uniformly and independently (chi-square over whole arcs)', () => {
    // One node, 2 ops: each cell has 2 · 2 · 2 · 2 = 16 arcs, the pair 256, all equally likely.
    const tiny = createMicroSpace({ space: 'micro', numNodes: 1, numBranches: 2 });
    const prng = createPrng(12);
    const counts = new Map<string, number>();
    const n = 25_600;
    for (let i = 0; i < n; i++) {
      const key = tiny.format(tiny.sampleUniform(prng));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(256);
    const expected = n / 256;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(330.52); // 255 degrees of freedom, p = 0.001
  });
});
