import { describe, expect, it } from 'vitest';
import { decodeArc, decodeMacro, decodeMicro, decodeNb201, decodeRnn } from './decode-arc';

const edgesInto = (graph: { edges: { from: string; to: string; skip?: boolean }[] }, to: string): string[] =>
  graph.edges.filter((e) => e.to === to).map((e) => `${e.from}${e.skip === true ? '*' : ''}`).sort();

describe('decodeMacro', () => {
  it('reads one op and i skip bits per layer, skip j pointing at node j (0 = stem)', () => {
    // layer0: op 0; layer1: op 1, bit to stem; layer2: op 5, bits [0, 1] → skip from node 1 (layer 0).
    const graph = decodeMacro('0 1 1 5 0 1');
    expect(graph.nodes.filter((n) => n.kind === 'op').map((n) => n.op)).toEqual(['conv3x3', 'sep3x3', 'max3x3']);
    expect(edgesInto(graph, 'n2')).toEqual(['n0*', 'n1']);
    expect(edgesInto(graph, 'n3')).toEqual(['n1*', 'n2']);
    expect(edgesInto(graph, 'out')).toEqual(['n3']);
  });

  it('refuses an op id outside the macro ops and a truncated arc', () => {
    expect(() => decodeMacro('6')).toThrow(/op 6 is out of range/);
    expect(() => decodeMacro('0 1')).toThrow(/ends at token 2/);
  });
});

describe('decodeMicro', () => {
  it('splits normal and reduction cells and concatenates the nodes no node reads', () => {
    // two nodes per cell: node 2 reads 0 (sep3) and 1 (identity); node 3 reads 2 (avg3) and 0 (max3).
    const [normal, reduction] = decodeMicro('0 0 1 4 2 2 0 3 1 1 1 1 0 2 1 2');
    expect(normal.title).toBe('normal cell');
    expect(edgesInto(normal, 'a2a')).toEqual(['a0']);
    expect(normal.nodes.find((n) => n.id === 'a2b')?.op).toBe('identity');
    expect(edgesInto(normal, 'aout')).toEqual(['a3']);
    // reduction: node 2 reads 1 twice, node 3 reads 0 and 1: nodes 2 and 3 are both loose ends.
    expect(edgesInto(reduction!, 'rout')).toEqual(['r2', 'r3']);
  });

  it('refuses an input that is not an earlier node', () => {
    expect(() => decodeMicro('0 0 2 0 0 0 0 0')).toThrow(/input 2 is not an earlier node/);
  });
});

describe('decodeRnn', () => {
  it('reads node 0 activation, then prev/activation pairs, and averages the loose ends', () => {
    const graph = decodeRnn('0 0 1 0 3');
    expect(graph.nodes.filter((n) => n.kind === 'op').map((n) => n.op)).toEqual(['tanh', 'relu', 'sigmoid']);
    expect(edgesInto(graph, 'k2')).toEqual(['k0']);
    expect(edgesInto(graph, 'out')).toEqual(['k1', 'k2']);
  });

  it('dispatches on the space name', () => {
    expect(decodeArc('micro', '0 0 1 4 0 0 1 4')).toHaveLength(2);
    expect(decodeArc('rnn', '1')).toHaveLength(1);
    expect(() => decodeArc('rnn', '1 0')).toThrow(/expected 1 \+ 2 per node/);
  });
});

describe('decodeNb201', () => {
  it('draws the ResNet cell from any spelling, with no box for a none edge', () => {
    const resnet = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|';
    for (const arc of [resnet, '303101', '3 0 3 1 0 1']) {
      const graph = decodeArc('nb201', arc)[0]!;
      expect(graph.nodes.filter((n) => n.kind === 'op').map((n) => `${n.id}:${n.op}`)).toEqual([
        'e10:nor_conv_3x3',
        'e21:nor_conv_3x3',
        'e30:skip_connect',
        'e32:skip_connect',
      ]);
      expect(edgesInto(graph, 'c3')).toEqual(['e30', 'e32']);
      expect(edgesInto(graph, 'e21')).toEqual(['c1']);
    }
  });

  it('refuses a wrong edge count, op or source', () => {
    expect(() => decodeNb201('30310')).toThrow(/5 edges, expected 6/);
    expect(() => decodeNb201('303105')).toThrow(/edge 3←2: op 5 is out of range/);
    expect(() => decodeNb201('|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|')).toThrow(/node 1: edge "conv~0"/);
  });
});
