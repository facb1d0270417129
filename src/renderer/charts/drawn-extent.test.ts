import { describe, expect, it } from 'vitest';
import { drawnExtent } from './drawn-extent';

describe('drawnExtent', () => {
  it('counts [x, y] points over all series and spans the smallest first x to the largest last x', () => {
    const extent = drawnExtent({
      series: [
        { type: 'line', data: [[3, 1], [4, 2], [9, 0]] },
        { type: 'line', data: [[1, 5], [7, 5]] },
      ],
    });
    expect(extent).toEqual({ points: 5, firstX: 1, lastX: 9 });
  });

  it('reads flat typed arrays, both as a series data and as the source of the dataset a series reads', () => {
    const extent = drawnExtent({
      dataset: [{ source: new Float64Array([0, 0.1, 10, 0.2]) }, { source: new Float64Array([2, 1, 30, 1, 31, 1]) }],
      series: [
        { type: 'scatter', data: new Float64Array([5, 0.5, 6, 0.6]) },
        { type: 'line', datasetIndex: 1 },
      ],
    });
    expect(extent).toEqual({ points: 5, firstX: 2, lastX: 31 });
  });

  it('reports no x range for a chart with no points', () => {
    expect(drawnExtent({ series: [{ type: 'line', data: [] }] })).toEqual({ points: 0, firstX: null, lastX: null });
  });
});
