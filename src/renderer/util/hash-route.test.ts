import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './hash-route';

describe('hash routes', () => {
  it('round-trips a run, a comparison and the plain views', () => {
    for (const hash of ['#/run/12', '#/compare/3,5,7', '#/new', '#/datasets', '#/runs']) {
      const route = parseRoute(hash);
      expect(route).not.toBeNull();
      expect(formatRoute(route!)).toBe(hash);
    }
  });

  it('opens the runs list for an empty hash and ignores one that names nothing', () => {
    expect(parseRoute('')).toEqual({ view: 'runs', runId: null, compareIds: [] });
    expect(parseRoute('#/run/abc')).toBeNull();
    expect(parseRoute('#/run/0')).toBeNull();
    expect(parseRoute('#/elsewhere')).toBeNull();
    expect(parseRoute('#/compare/1,x')).toBeNull();
  });

  it('keeps at most four distinct runs in a comparison', () => {
    expect(parseRoute('#/compare/1,2,2,3,4,5')?.compareIds).toEqual([1, 2, 3, 4]);
  });
  it('opens the Studies view, with or without a study', () => {
    expect(parseRoute('#/studies')).toEqual({ view: 'studies', runId: null, compareIds: [], studyId: null });
    const route = parseRoute('#/study/4');
    expect(route).toEqual({ view: 'studies', runId: null, compareIds: [], studyId: 4 });
    expect(formatRoute(route!)).toBe('#/study/4');
    expect(parseRoute('#/study/x')).toBeNull();
  });
});
