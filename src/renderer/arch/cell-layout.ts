/**
 * Places an ArchGraph as a top-to-bottom DAG with dagre, and colours its ops: the positions and colours
 * the SVG diagram draws, with nothing left to compute in the template.
 */
import { graphlib, layout } from '@dagrejs/dagre';
import type { ArchGraph, ArchNode } from './arch-graph';

/** One colour per op or activation; the legend lists those a diagram uses. */
const OP_COLOURS: Readonly<Record<string, string>> = {
  conv3x3: '#4e79a7',
  conv5x5: '#1f4e79',
  sep3x3: '#59a14f',
  sep5x5: '#2e7d32',
  avg3x3: '#f28e2b',
  max3x3: '#e15759',
  identity: '#9c755f',
  tanh: '#4e79a7',
  relu: '#e15759',
  sigmoid: '#59a14f',
  // NAS-Bench-201 ops.
  skip_connect: '#9c755f',
  nor_conv_1x1: '#76b7b2',
  nor_conv_3x3: '#4e79a7',
  avg_pool_3x3: '#f28e2b',
};
const INPUT_FILL = '#d9dee8';
const OUTPUT_FILL = '#f3f0d7';

export interface PlacedNode extends ArchNode {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  /** Dark text on light fills, white on the op colours. */
  textFill: string;
}

export interface PlacedEdge {
  points: { x: number; y: number }[];
  skip: boolean;
}

export interface CellLayout {
  title: string;
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** The ops this diagram uses, in first-use order, with their colour. */
  legend: { op: string; colour: string }[];
}

export const NODE_HEIGHT = 28;
export const MARGIN = 16;

function fillOf(node: ArchNode): string {
  if (node.kind === 'input') return INPUT_FILL;
  if (node.kind === 'output') return OUTPUT_FILL;
  return OP_COLOURS[node.op ?? ''] ?? '#888888';
}

/** A node of `graph` placed with its centre at (x, y), coloured by its op. */
export function placeNode(node: ArchNode, x: number, y: number, width: number, height: number): PlacedNode {
  return { ...node, x, y, width, height, fill: fillOf(node), textFill: node.kind === 'op' ? '#ffffff' : '#1d2330' };
}

/** The box width a node's label needs. */
export function nodeWidth(node: ArchNode): number {
  return Math.max(56, node.label.length * 7 + 16);
}

/** The ops of `nodes` in first-use order, with their colour. */
export function legendOf(nodes: readonly ArchNode[]): { op: string; colour: string }[] {
  const legend: { op: string; colour: string }[] = [];
  for (const node of nodes) {
    if (node.op !== null && !legend.some((l) => l.op === node.op)) legend.push({ op: node.op, colour: fillOf(node) });
  }
  return legend;
}

export function layoutCell(graph: ArchGraph): CellLayout {
  const g = new graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 28, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: nodeWidth(node), height: NODE_HEIGHT });
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  layout(g);
  const nodes: PlacedNode[] = graph.nodes.map((node) => {
    const placed = g.node(node.id);
    return placeNode(node, placed.x ?? 0, placed.y ?? 0, placed.width ?? 0, placed.height ?? 0);
  });
  const edges: PlacedEdge[] = graph.edges.map((edge) => ({
    points: (g.edge(edge.from, edge.to)?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })),
    skip: edge.skip === true,
  }));
  const size = g.graph();
  return { title: graph.title, width: size.width ?? 0, height: size.height ?? 0, nodes, edges, legend: legendOf(graph.nodes) };
}
