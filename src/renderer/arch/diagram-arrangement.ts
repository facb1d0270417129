/**
 * Where the laid-out cells of one diagram go in the panel that shows it, and at what scale. The micro
 * normal and reduction cells sit side by side when the pair fits the panel's width and are stacked
 * otherwise (at 1440 px the run view's diagram panel is about 630 px wide, narrower than most pairs);
 * then the whole drawing is scaled down to the panel's width, but never below `minScale`, so node labels
 * stay legible (11 px text at 0.8 is about 9 px): a drawing wider than that (a deep macro network) keeps
 * its legible size and the panel scrolls. The legend wraps onto as many rows as the width needs.
 */

export interface ArrangeArgs {
  /** The width and height of each laid-out cell (cell-layout.ts), in drawing order. */
  cells: readonly { width: number; height: number }[];
  /** How many entries the legend has. */
  legendItems: number;
  /** The panel's inner width in CSS pixels; null before it is known (then nothing is scaled or stacked). */
  available: number | null;
  minScale?: number;
}

export interface Arrangement {
  /** Top-left corner of each cell (its title included), in drawing units. */
  positions: { x: number; y: number }[];
  /** The whole drawing in drawing units: the SVG's viewBox. */
  width: number;
  height: number;
  /** Top of the legend, and its entries per row. */
  legendY: number;
  legendPerRow: number;
  stacked: boolean;
  /** CSS pixels per drawing unit: the SVG's width and height are width × scale and height × scale. */
  scale: number;
}

/** Space above each cell for its title, between cells, per legend row and per legend entry. */
export const TITLE = 22;
const GAP = 32;
const LEGEND_ROW = 20;
export const LEGEND_ITEM = 96;
const LEGEND_PAD = 8;

/** The smallest scale at which 11 px node labels stay legible (about 9 px). */
export const MIN_SCALE = 0.8;

/**
 * The narrowest panel (inner width, CSS pixels) that shows the whole diagram without scrolling: its cells
 * stacked, at `minScale`. A page laying out several diagrams (Compare) gives each at least this much.
 */
export function narrowestWidth(cells: readonly { width: number }[], legendItems: number, minScale = MIN_SCALE): number {
  const widest = Math.max(0, ...cells.map((c) => c.width));
  // Cells narrower than one legend entry are never scaled down (they fit), so the entry sets the width.
  if (legendItems > 0 && widest < LEGEND_ITEM) return LEGEND_ITEM;
  return Math.ceil(widest * minScale);
}

export function arrangeDiagram({ cells, legendItems, available, minScale = MIN_SCALE }: ArrangeArgs): Arrangement {
  const rowWidth = cells.reduce((sum, c) => sum + c.width, 0) + GAP * Math.max(0, cells.length - 1);
  const stacked = cells.length > 1 && available !== null && rowWidth > available;
  const positions: { x: number; y: number }[] = [];
  let width: number;
  let cellsHeight: number;
  if (stacked) {
    width = Math.max(...cells.map((c) => c.width));
    let y = 0;
    for (const cell of cells) {
      positions.push({ x: 0, y });
      y += TITLE + cell.height + GAP;
    }
    cellsHeight = y - GAP;
  } else {
    width = rowWidth;
    let x = 0;
    for (const cell of cells) {
      positions.push({ x, y: 0 });
      x += cell.width + GAP;
    }
    cellsHeight = TITLE + Math.max(0, ...cells.map((c) => c.height));
  }
  const fit = available === null ? 1 : Math.min(1, available / Math.max(1, width));
  const scale = Math.max(minScale, fit);
  // The legend may use the width the panel offers even where the cells are narrower.
  const legendWidth = Math.max(width, available === null ? 0 : available / scale);
  const legendPerRow = Math.max(1, Math.floor(legendWidth / LEGEND_ITEM));
  const legendRows = Math.ceil(legendItems / legendPerRow);
  width = Math.max(width, Math.min(legendItems, legendPerRow) * LEGEND_ITEM);
  const legendY = cellsHeight + LEGEND_PAD;
  const height = legendY + legendRows * LEGEND_ROW;
  return { positions, width, height, legendY, legendPerRow, stacked, scale };
}
