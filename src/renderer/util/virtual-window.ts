/**
 * Which rows of a fixed-row-height list are on screen, with some overscan, and which pages of the server's
 * paging cover them: the history list shows 100k samples while only ever holding a few pages.
 */
export interface RowWindow {
  first: number;
  /** One past the last row to render. */
  end: number;
}

export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 10): RowWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, end: Math.max(first, end) };
}

/** Page indexes (of `pageSize` rows) that hold rows first … end−1. */
export function pagesFor(window: RowWindow, pageSize: number): number[] {
  if (window.end <= window.first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(window.first / pageSize); p <= Math.floor((window.end - 1) / pageSize); p++) pages.push(p);
  return pages;
}
