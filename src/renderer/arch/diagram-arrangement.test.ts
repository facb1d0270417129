import { describe, expect, it } from 'vitest';
import { LEGEND_ITEM, TITLE, arrangeDiagram, narrowestWidth } from './diagram-arrangement';

// Cell sizes as cell-layout.ts gives them for a 5-node micro pair and a 12-layer macro network.
const normal = { width: 514, height: 452 };
const reduction = { width: 488, height: 452 };

describe('arrangeDiagram', () => {
  it('puts the micro cells side by side when the pair fits the panel', () => {
    const a = arrangeDiagram({ cells: [normal, reduction], legendItems: 5, available: 1200 });
    expect(a.stacked).toBe(false);
    expect(a.positions).toEqual([{ x: 0, y: 0 }, { x: 514 + 32, y: 0 }]);
    expect(a.scale).toBe(1);
    expect(a.width).toBe(514 + 32 + 488);
  });

  it('stacks the cells when the pair is wider than the panel, so the reduction cell is not cut off', () => {
    const a = arrangeDiagram({ cells: [normal, reduction], legendItems: 5, available: 630 });
    expect(a.stacked).toBe(true);
    expect(a.positions).toEqual([{ x: 0, y: 0 }, { x: 0, y: TITLE + 452 + 32 }]);
    expect(a.width * a.scale).toBeLessThanOrEqual(630);
    expect(a.scale).toBe(1);
  });

  it('scales a drawing down to the panel width, but not below the legible minimum', () => {
    const macro = { width: 937, height: 788 };
    const fits = arrangeDiagram({ cells: [macro], legendItems: 6, available: 800 });
    expect(fits.width * fits.scale).toBeCloseTo(800, 6);
    const tooWide = arrangeDiagram({ cells: [{ width: 2691, height: 1460 }], legendItems: 6, available: 630, minScale: 0.8 });
    expect(tooWide.scale).toBe(0.8);
    expect(tooWide.width * tooWide.scale).toBeGreaterThan(630);
  });

  it('wraps the legend onto rows that fit the width and makes room for them below the cells', () => {
    const narrow = arrangeDiagram({ cells: [{ width: 200, height: 300 }], legendItems: 5, available: 200 });
    expect(narrow.legendPerRow).toBe(2);
    expect(narrow.height - narrow.legendY).toBe(3 * 20);
    expect(narrow.legendY).toBeGreaterThanOrEqual(TITLE + 300);
  });

  it('draws at full size side by side before the panel width is known', () => {
    const a = arrangeDiagram({ cells: [normal, reduction], legendItems: 5, available: null });
    expect(a).toMatchObject({ stacked: false, scale: 1 });
  });
});

describe('narrowestWidth', () => {
  it('is the widest cell at the legible scale (a legend entry at least), and at that width the whole diagram fits without scrolling', () => {
    for (const cells of [[normal, reduction], [{ width: 260, height: 900 }], [{ width: 40, height: 60 }]]) {
      const narrowest = narrowestWidth(cells, 5);
      const widest = Math.max(...cells.map((c) => c.width));
      expect(narrowest).toBe(widest < LEGEND_ITEM ? LEGEND_ITEM : Math.ceil(widest * 0.8));
      const a = arrangeDiagram({ cells, legendItems: 5, available: narrowest });
      expect(a.width * a.scale).toBeLessThanOrEqual(narrowest);
      // One pixel less and the drawing no longer fits: it is the narrowest.
      const b = arrangeDiagram({ cells, legendItems: 5, available: narrowest - 1 });
      expect(b.width * b.scale).toBeGreaterThan(narrowest - 1);
    }
  });
});
