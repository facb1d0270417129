/**
 * The layout of a macro network: its layers in one vertical chain (stem, layer 0 … L−1, output), with
 * every skip connection routed in a lane beside the chain. dagre (cell-layout.ts) spreads a 12-layer network with its dozens of skip connections over about
 * 940 px, zig-zagging the chain; here the width is the chain plus the lanes, and lanes are shared by skip
 * connections whose spans do not overlap (greedy interval partitioning, which uses as few lanes as the
 * largest number of connections over one layer; two never meet at a node they both touch), alternating
 * right and left of the chain.
 */
import type { ArchGraph } from './arch-graph';
import { MARGIN, NODE_HEIGHT, legendOf, nodeWidth, placeNode } from './cell-layout';
import type { CellLayout, PlacedEdge } from './cell-layout';

/** Vertical distance between two layers' centres, and between two lanes. */
const ROW = 44;
const LANE = 7;
/** From the chain's side to the first lane. */
const LANE_OFFSET = 10;

export function layoutMacro(graph: ArchGraph): CellLayout {
  const row = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const width = Math.max(...graph.nodes.map(nodeWidth));
  const skips = graph.edges
    .filter((edge) => edge.skip === true)
    .map((edge) => ({ from: row.get(edge.from) ?? 0, to: row.get(edge.to) ?? 0 }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  // Greedy interval partitioning: each connection takes the first lane free from its start row on.
  const laneEnds: number[] = [];
  const lanes = skips.map((skip) => {
    let lane = laneEnds.findIndex((end) => end < skip.from);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = skip.to;
    return lane;
  });
  const leftLanes = Math.floor(laneEnds.length / 2);
  const rightLanes = laneEnds.length - leftLanes;
  const lanesWidth = (count: number): number => (count === 0 ? 0 : LANE_OFFSET + (count - 1) * LANE);
  const cx = MARGIN + lanesWidth(leftLanes) + width / 2;
  const y = (i: number): number => MARGIN + NODE_HEIGHT / 2 + i * ROW;

  const nodes = graph.nodes.map((node, i) => placeNode(node, cx, y(i), width, NODE_HEIGHT));
  const edges: PlacedEdge[] = [];
  skips.forEach((skip, k) => {
    const lane = lanes[k] ?? 0;
    // Even lanes to the right of the chain, odd ones to the left, the busiest (lowest) closest to it.
    const side = lane % 2 === 0 ? 1 : -1;
    const edgeX = cx + (side * width) / 2;
    const laneX = edgeX + side * (LANE_OFFSET + Math.floor(lane / 2) * LANE);
    edges.push({
      points: [{ x: edgeX, y: y(skip.from) }, { x: laneX, y: y(skip.from) }, { x: laneX, y: y(skip.to) }, { x: edgeX, y: y(skip.to) }],
      skip: true,
    });
  });
  for (const edge of graph.edges) {
    if (edge.skip === true) continue;
    const from = row.get(edge.from) ?? 0;
    const to = row.get(edge.to) ?? 0;
    edges.push({ points: [{ x: cx, y: y(from) + NODE_HEIGHT / 2 }, { x: cx, y: y(to) - NODE_HEIGHT / 2 }], skip: false });
  }
  return {
    title: graph.title,
    width: cx + width / 2 + lanesWidth(rightLanes) + MARGIN,
    height: y(graph.nodes.length - 1) + NODE_HEIGHT / 2 + MARGIN,
    nodes,
    edges,
    legend: legendOf(graph.nodes),
  };
}
