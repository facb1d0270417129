/**
 * What the workbench shows: the current view, the run opened in the Run view, the study opened in the
 * Studies view, the runs picked for Compare, and the colour theme (the system's prefers-color-scheme until the user toggles it).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export const VIEWS = ['runs', 'run', 'compare', 'new', 'datasets', 'studies'] as const;
export type ViewName = (typeof VIEWS)[number];

export const useUiStore = defineStore('ui', () => {
  const view = ref<ViewName>('runs');
  const openRunId = ref<number | null>(null);
  const openStudyId = ref<number | null>(null);
  const compareIds = ref<number[]>([]);
  const themeChoice = ref<'light' | 'dark' | null>(null);
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
  }
  return { view, openRunId, openStudyId, compareIds, theme, openRun, openStudy, toggleCompare, toggleTheme };
});
