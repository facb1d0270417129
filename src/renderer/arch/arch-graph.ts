/**
 * The graph a cell diagram draws: nodes (inputs, ops, outputs) and edges, decoded from an official arc
 * string. Kept free of layout and drawing so it can be tested alone; cell-layout.ts places it with dagre.
 */

type ArchNodeKind = 'input' | 'op' | 'output';

export interface ArchNode {
  id: string;
  /** What the box says: an op or activation name, or the input/output it stands for. */
  label: string;
  kind: ArchNodeKind;
  /** The op or activation name that picks the colour; null for inputs and outputs. */
  op: string | null;
}

export interface ArchEdge {
  from: string;
  to: string;
  /** A macro skip connection, drawn dashed. */
  skip?: boolean;
}

export interface ArchGraph {
  title: string;
  nodes: ArchNode[];
  edges: ArchEdge[];
}
