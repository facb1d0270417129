/**
 * Decodes the official ENAS arc strings (docs/architecture.md §2) into graphs to draw. The renderer may not import
 * src/core, so this re-implements only the reading of the encodings:
 * - macro (official `child_num_layers` L): per layer i, one op id then i skip bits; skip bit j of layer i
 *   reads node j, where node 0 is the stem and node j ≥ 1 is layer j−1's output. Layer i always reads
 *   node i, the previous output.
 * - micro: per node `in1 op1 in2 op2`, the normal cell then the reduction cell; node k (graph node k+2)
 *   reads any of 0 … k+1 (0 and 1 are the two cell inputs); the nodes no other node reads are concatenated
 *   as the cell output (official micro_child `_enas_cell`).
 * - rnn: token 0 is node 0's activation (node 0 reads x_t and h_{t−1}), then per node k ≥ 1 `prev act`;
 *   the loose ends are averaged into h_t (official ptb_enas_child).
 * - nb201 (NAS-Bench-201, Dong & Yang 2020): one op per edge 1←0, 2←0, 2←1, 3←0, 3←1, 3←2, as tokens
 *   (`3 0 3 1 0 1`), the tables' six digits (`303101`) or the benchmark's `|op~j|+…` string; each node sums
 *   its incoming edges, node 3 is the cell's output, and a `none` edge (a zero) is not drawn.
 */
import { MACRO_OPS, MICRO_OPS, NB201_OPS, RNN_ACTIVATIONS } from '../../shared/config/space';
import type { AnySpaceName } from '../../shared/config/space';
import type { ArchEdge, ArchGraph, ArchNode } from './arch-graph';

function parseArcTokens(arc: string): number[] {
  const tokens = arc.trim().split(/[\s,]+/).filter((t) => t !== '');
  return tokens.map((token, position) => {
    if (!/^[0-9]+$/.test(token)) throw new Error(`arc token ${position} is "${token}", expected a non-negative integer`);
    return Number(token);
  });
}

function opName(names: readonly string[], id: number, where: string): string {
  const name = names[id];
  if (name === undefined) throw new Error(`${where}: op ${id} is out of range 0…${names.length - 1}`);
  return name;
}

function take(tokens: readonly number[], at: number, where: string): number {
  const value = tokens[at];
  if (value === undefined) throw new Error(`${where}: the arc ends at token ${at}`);
  return value;
}

export function decodeMacro(arc: string): ArchGraph {
  const tokens = parseArcTokens(arc);
  const nodes: ArchNode[] = [{ id: 'n0', label: 'stem', kind: 'input', op: null }];
  const edges: ArchEdge[] = [];
  let at = 0;
  let layer = 0;
  while (at < tokens.length) {
    const where = `macro layer ${layer}`;
    const op = opName(MACRO_OPS, take(tokens, at, where), where);
    at += 1;
    const id = `n${layer + 1}`;
    nodes.push({ id, label: `${layer}: ${op}`, kind: 'op', op });
    edges.push({ from: `n${layer}`, to: id });
    for (let j = 0; j < layer; j++) {
      const bit = take(tokens, at + j, where);
      if (bit > 1) throw new Error(`${where}: skip bit ${j} is ${bit}, expected 0 or 1`);
      if (bit === 1) edges.push({ from: `n${j}`, to: id, skip: true });
    }
    at += layer;
    layer += 1;
  }
  if (layer === 0) throw new Error('macro arc is empty');
  nodes.push({ id: 'out', label: 'global pool → fc', kind: 'output', op: null });
  edges.push({ from: `n${layer}`, to: 'out' });
  return { title: `macro network, ${layer} layers`, nodes, edges };
}

function decodeMicroCell(tokens: readonly number[], title: string, prefix: string): ArchGraph {
  const numNodes = tokens.length / 4;
  const nodes: ArchNode[] = [
    { id: `${prefix}0`, label: 'h[i−2]', kind: 'input', op: null },
    { id: `${prefix}1`, label: 'h[i−1]', kind: 'input', op: null },
  ];
  const edges: ArchEdge[] = [];
  const used = new Set<number>();
  for (let k = 0; k < numNodes; k++) {
    const graphNode = k + 2;
    const where = `${title} node ${graphNode}`;
    nodes.push({ id: `${prefix}${graphNode}`, label: `node ${graphNode} (+)`, kind: 'output', op: null });
    for (const side of [0, 1]) {
      const input = take(tokens, 4 * k + 2 * side, where);
      if (input > k + 1) throw new Error(`${where}: input ${input} is not an earlier node (0…${k + 1})`);
      const op = opName(MICRO_OPS, take(tokens, 4 * k + 2 * side + 1, where), where);
      const opId = `${prefix}${graphNode}${side === 0 ? 'a' : 'b'}`;
      nodes.push({ id: opId, label: op, kind: 'op', op });
      edges.push({ from: `${prefix}${input}`, to: opId }, { from: opId, to: `${prefix}${graphNode}` });
      used.add(input);
    }
  }
  nodes.push({ id: `${prefix}out`, label: 'concat', kind: 'output', op: null });
  for (let node = 2; node < numNodes + 2; node++) {
    if (!used.has(node)) edges.push({ from: `${prefix}${node}`, to: `${prefix}out` });
  }
  return { title, nodes, edges };
}

export function decodeMicro(arc: string): [ArchGraph, ArchGraph] {
  const tokens = parseArcTokens(arc);
  if (tokens.length === 0 || tokens.length % 8 !== 0) {
    throw new Error(`micro arc has ${tokens.length} tokens, expected 8 per node (4 normal + 4 reduction)`);
  }
  const half = tokens.length / 2;
  return [
    decodeMicroCell(tokens.slice(0, half), 'normal cell', 'a'),
    decodeMicroCell(tokens.slice(half), 'reduction cell', 'r'),
  ];
}

export function decodeRnn(arc: string): ArchGraph {
  const tokens = parseArcTokens(arc);
  if (tokens.length === 0 || tokens.length % 2 !== 1) {
    throw new Error(`rnn arc has ${tokens.length} tokens, expected 1 + 2 per node after the first`);
  }
  const first = opName(RNN_ACTIVATIONS, take(tokens, 0, 'rnn node 0'), 'rnn node 0');
  const nodes: ArchNode[] = [
    { id: 'x', label: 'x[t]', kind: 'input', op: null },
    { id: 'h', label: 'h[t−1]', kind: 'input', op: null },
    { id: 'k0', label: `0: ${first}`, kind: 'op', op: first },
  ];
  const edges: ArchEdge[] = [
    { from: 'x', to: 'k0' },
    { from: 'h', to: 'k0' },
  ];
  const count = 1 + (tokens.length - 1) / 2;
  const used = new Set<number>();
  for (let k = 1; k < count; k++) {
    const where = `rnn node ${k}`;
    const prev = take(tokens, 2 * k - 1, where);
    if (prev >= k) throw new Error(`${where}: previous node ${prev} is not earlier (0…${k - 1})`);
    const act = opName(RNN_ACTIVATIONS, take(tokens, 2 * k, where), where);
    nodes.push({ id: `k${k}`, label: `${k}: ${act}`, kind: 'op', op: act });
    edges.push({ from: `k${prev}`, to: `k${k}` });
    used.add(prev);
  }
  nodes.push({ id: 'out', label: 'avg → h[t]', kind: 'output', op: null });
  for (let k = 0; k < count; k++) if (!used.has(k)) edges.push({ from: `k${k}`, to: 'out' });
  return { title: `recurrent cell, ${count} nodes`, nodes, edges };
}

const NB201_EDGES: readonly (readonly [number, number])[] = [
  [1, 0],
  [2, 0],
  [2, 1],
  [3, 0],
  [3, 1],
  [3, 2],
];

function nb201Ops(arc: string): number[] {
  const text = arc.trim();
  if (!text.includes('|')) return /^[0-9]+$/.test(text) ? [...text].map(Number) : parseArcTokens(text);
  // |op~0|+|op~0|op~1|+|op~0|op~1|op~2|: groups by target node, edges by source.
  return text.split('+').flatMap((group, g) =>
    group
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((edge, from) => {
        const [name, source] = edge.split('~');
        const op = (NB201_OPS as readonly string[]).indexOf(name ?? '');
        if (op < 0 || Number(source) !== from) throw new Error(`nb201 node ${g + 1}: edge "${edge}" is not op~${from}`);
        return op;
      }),
  );
}

export function decodeNb201(arc: string): ArchGraph {
  const ops = nb201Ops(arc);
  if (ops.length !== NB201_EDGES.length) throw new Error(`nb201 arc has ${ops.length} edges, expected 6`);
  const nodes: ArchNode[] = [
    { id: 'c0', label: 'node 0 (input)', kind: 'input', op: null },
    { id: 'c1', label: 'node 1 (+)', kind: 'output', op: null },
    { id: 'c2', label: 'node 2 (+)', kind: 'output', op: null },
    { id: 'c3', label: 'node 3 (output)', kind: 'output', op: null },
  ];
  const edges: ArchEdge[] = [];
  NB201_EDGES.forEach(([to, from], e) => {
    const where = `nb201 edge ${to}←${from}`;
    const op = opName(NB201_OPS, take(ops, e, where), where);
    if (op === 'none') return;
    const id = `e${to}${from}`;
    nodes.push({ id, label: op, kind: 'op', op });
    edges.push({ from: `c${from}`, to: id }, { from: id, to: `c${to}` });
  });
  return { title: 'NAS-Bench-201 cell', nodes, edges };
}

/** Every graph that shows one architecture of a space: one for macro, rnn and nb201, two cells for micro. */
export function decodeArc(space: AnySpaceName, arc: string): ArchGraph[] {
  if (space === 'macro') return [decodeMacro(arc)];
  if (space === 'micro') return decodeMicro(arc);
  if (space === 'nb201') return [decodeNb201(arc)];
  return [decodeRnn(arc)];
}
