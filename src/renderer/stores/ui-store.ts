/**
 * What the workbench shows: the current view, the run opened in the Run view, the study opened in the
 * Studies view, the runs picked for Compare, and the colour theme (the system's prefers-color-scheme until
 * the user toggles it; the choice is kept in localStorage). View, run and comparison live in the URL's hash
 * (hash-route.ts): each change is a history entry, so Back returns to the previous view and a reload reopens
 * the same run.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { formatRoute, parseRoute } from '../util/hash-route';

const THEME_KEY = 'enas-workbench.theme';

function storedTheme(): 'light' | 'dark' | null {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

export const VIEWS = ['runs', 'run', 'compare', 'new', 'datasets', 'studies'] as const;
export type ViewName = (typeof VIEWS)[number];

export const useUiStore = defineStore('ui', () => {
  const view = ref<ViewName>('runs');
  const openRunId = ref<number | null>(null);
  const openStudyId = ref<number | null>(null);
  const compareIds = ref<number[]>([]);
  const themeChoice = ref<'light' | 'dark' | null>(storedTheme());
  const systemDark = ref(typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches);
  if (typeof matchMedia === 'function') {
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (systemDark.value = e.matches));
  }
  const theme = computed(() => themeChoice.value ?? (systemDark.value ? 'dark' : 'light'));

  function openRun(runId: number): void {
    openRunId.value = runId;
    view.value = 'run';
  }
  function openStudy(studyId: number): void {
    openStudyId.value = studyId;
    view.value = 'studies';
  }
  function toggleCompare(runId: number): void {
    compareIds.value = compareIds.value.includes(runId)
      ? compareIds.value.filter((id) => id !== runId)
      : [...compareIds.value, runId].slice(-4);
  }
  function toggleTheme(): void {
    themeChoice.value = theme.value === 'dark' ? 'light' : 'dark';
    try {
      globalThis.localStorage?.setItem(THEME_KEY, themeChoice.value);
    } catch {
      // Storage refused (a private window): the choice lasts for this page.
    }
  }

  if (typeof window !== 'undefined' && typeof location !== 'undefined') {
    const apply = (): void => {
      const route = parseRoute(location.hash);
      if (route === null) return;
      view.value = route.view;
      if (route.runId !== null) openRunId.value = route.runId;
      if (route.view === 'compare') compareIds.value = route.compareIds;
      if (route.studyId !== undefined && route.studyId !== null) openStudyId.value = route.studyId;
    };
    apply();
    window.addEventListener('hashchange', apply);
    watch(
      () => formatRoute({ view: view.value, runId: openRunId.value, compareIds: compareIds.value, studyId: openStudyId.value }),
      (hash) => {
        if (location.hash !== hash) location.hash = hash;
      },
      { immediate: true },
    );
  }
  return { view, openRunId, openStudyId, compareIds, theme, openRun, openStudy, toggleCompare, toggleTheme };
});
