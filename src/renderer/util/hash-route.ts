/**
 * The address of what the workbench shows, in the URL's hash so Back, reload and a bookmark work in the
 * browser and in the app alike (no server routes needed): `#/runs`, `#/run/12`, `#/compare/3,5,7`,
 * `#/new`, `#/datasets`, `#/studies`, `#/study/4`, and `#/dataset/ID` (which opens the datasets list).
 */
import type { ViewName } from '../stores/ui-store';

export interface Route {
  view: ViewName;
  runId: number | null;
  compareIds: number[];
  /** The study open in the Studies view; absent or null means none. */
  studyId?: number | null;
}

const id = (text: string | undefined): number | null => (text !== undefined && /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : null);

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'run':
      return route.runId === null ? '#/runs' : `#/run/${route.runId}`;
    case 'compare':
      return route.compareIds.length === 0 ? '#/compare' : `#/compare/${route.compareIds.join(',')}`;
    case 'studies':
      return route.studyId === null || route.studyId === undefined ? '#/studies' : `#/study/${route.studyId}`;
    default:
      return `#/${route.view}`;
  }
}

/** The route of a hash, or null for one that names nothing (the current view stays). */
export function parseRoute(hash: string): Route | null {
  const [name, arg] = hash.replace(/^#\/?/, '').split('/');
  switch (name) {
    case '':
    case 'runs':
      return { view: 'runs', runId: null, compareIds: [] };
    case 'run': {
      const runId = id(arg);
      return runId === null ? null : { view: 'run', runId, compareIds: [] };
    }
    case 'compare': {
      const ids = (arg ?? '').split(',').filter((t) => t !== '').map((t) => id(t));
      if (ids.some((x) => x === null)) return null;
      return { view: 'compare', runId: null, compareIds: [...new Set(ids as number[])].slice(0, 4) };
    }
    case 'new':
      return { view: 'new', runId: null, compareIds: [] };
    case 'datasets':
    case 'dataset':
      return { view: 'datasets', runId: null, compareIds: [] };
    case 'studies':
      return { view: 'studies', runId: null, compareIds: [], studyId: null };
    case 'study': {
      const studyId = id(arg);
      return studyId === null ? null : { view: 'studies', runId: null, compareIds: [], studyId };
    }
    default:
      return null;
  }
}
