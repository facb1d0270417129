import { describe, expect, it } from 'vitest';
import { layoutCell } from './cell-layout';
import { decodeMacro } from './decode-arc';
import { layoutMacro } from './macro-layout';

/** An arc in which layer i reads the stem and every earlier layer: 0 + 1 + … + (layers − 1) skip connections. */
function denseMacroArc(layers: number): string {
  const tokens: number[] = [];
  for (let i = 0; i < layers; i++) tokens.push(i % 6, ...Array.from({ length: i }, () => 1));
  return tokens.join(' ');
}

describe('layoutMacro', () => {
  it('draws the layers as one vertical chain from the stem to the output', () => {
    // Ops 0 conv3x3, 3 sep5x5, 5 max3x3; layer 1 has one skip bit, layer 2 two (docs/architecture.md §2).
    const layout = layoutMacro(decodeMacro('0 3 0 5 0 0'));
    const xs = new Set(layout.nodes.map((n) => n.x));
    expect(xs.size).toBe(1);
    const ys = layout.nodes.map((n) => n.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(layout.nodes.map((n) => n.label)).toEqual(['stem', '0: conv3x3', '1: sep5x5', '2: max3x3', 'global pool → fc']);
  });

  it('routes each skip connection beside the chain, from its source row to its target row', () => {
    // Only layer 2 has a skip: its bit 0, from the stem (row 0) to layer 2 (row 3).
    const layout = layoutMacro(decodeMacro('0 1 0 2 1 0'));
    const skips = layout.edges.filter((e) => e.skip);
    expect(skips).toHaveLength(1);
    const [start, , , end] = skips[0]!.points;
    expect(start!.y).toBe(layout.nodes[0]!.y);
    expect(end!.y).toBe(layout.nodes[3]!.y);
    const chainRight = layout.nodes[0]!.x + layout.nodes[0]!.width / 2;
    expect(skips[0]!.points[1]!.x).toBeGreaterThan(chainRight);
  });

  it('stays far narrower than the dagre layout of a densely connected 12-layer network', () => {
    const graph = decodeMacro(denseMacroArc(12));
    const chain = layoutMacro(graph);
    expect(chain.edges.filter((e) => e.skip)).toHaveLength(66);
    expect(chain.width).toBeLessThan(layoutCell(graph).width / 2);
    // Even with every skip taken it fits the run view's diagram panel at 1280 px (560 px) unscaled.
    expect(chain.width).toBeLessThan(560);
  });
});
