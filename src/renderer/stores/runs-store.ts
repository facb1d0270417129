/**
 * The run list, kept current from pushed events: a `run-updated` patches the record at once (so a run
 * started from the CLI appears) and schedules one re-query for the summary columns (best reward,
 * duration), coalescing bursts of events into one call.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RunSummary } from '../../shared/run';
import { messageOf, useBridge } from './use-bridge';

const REFRESH_DELAY_MS = 500;

export const useRunsStore = defineStore('runs', () => {
  const bridge = useBridge();
  // shallowRef: a run's config is arbitrary JSON, which Vue's deep ref unwrapping cannot type.
  const runs = shallowRef<RunSummary[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function refresh(): Promise<void> {
    try {
      runs.value = await bridge.call('runs.list', {});
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = messageOf(err);
    }
  }

  function refreshSoon(): void {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void refresh();
    }, REFRESH_DELAY_MS);
  }

  bridge.onEvents((events) => {
    for (const event of events) {
      if (event.type === 'run-updated') {
        const index = runs.value.findIndex((r) => r.id === event.run.id);
        const current = runs.value[index];
        if (current !== undefined) runs.value = runs.value.map((r, i) => (i === index ? { ...current, ...event.run } : r));
        refreshSoon();
      } else if (event.type === 'run-deleted') {
        runs.value = runs.value.filter((r) => r.id !== event.runId);
      }
    }
  });
  bridge.onConnection((connected) => {
    if (connected) void refresh();
  });

  function byId(runId: number | null): RunSummary | undefined {
    return runs.value.find((r) => r.id === runId);
  }

  return { runs, loaded, error, refresh, byId };
});
