import { describe, expect, it } from 'vitest';
import { issuesByField } from './field-issues';
import { createFrameBatcher } from './frame-batcher';
import { trailingMean } from './moving-average';
import { pagesFor, visibleRows } from './virtual-window';

describe('trailingMean', () => {
  it('averages over the last `window` values, fewer at the start', () => {
    expect(trailingMean([2, 4, 6, 8], 2)).toEqual([2, 3, 5, 7]);
  });
});

describe('visibleRows and pagesFor', () => {
  it('renders only the rows on screen plus overscan, and names the pages that hold them', () => {
    const window = visibleRows(100_000 * 24 - 240, 240, 24, 100_000, 5);
    expect(window).toEqual({ first: 99_985, end: 100_000 });
    expect(pagesFor(window, 200)).toEqual([499]);
    expect(pagesFor({ first: 190, end: 210 }, 200)).toEqual([0, 1]);
  });
});

describe('createFrameBatcher', () => {
  it('hands over everything pushed before a frame in one call', () => {
    const frames: (() => void)[] = [];
    const flushed: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => flushed.push(items), {
      request: (callback) => frames.push(callback),
      cancel: () => undefined,
    });
    for (let i = 0; i < 50; i++) batcher.push(i);
    expect(frames).toHaveLength(1);
    frames[0]!();
    expect(flushed).toEqual([Array.from({ length: 50 }, (_, i) => i)]);
  });
});

describe('issuesByField', () => {
  it('puts an issue on the field with the longest matching path, the rest at the top', () => {
    const out = issuesByField(
      [
        { path: ['search', 'epochs'], message: 'too small' },
        { path: ['seed'], message: 'not an integer' },
        { path: ['child', 'keepProb'], message: 'too big' },
      ],
      { epochs: 'search.epochs', seed: 'seed' },
    );
    expect(out).toEqual({ epochs: ['too small'], seed: ['not an integer'], '': ['child.keepProb: too big'] });
  });
});
