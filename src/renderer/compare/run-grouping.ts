/**
 * Which runs Compare averages together: none (one line per run), by strategy (enas vs random-ws, over
 * whatever seeds were run), by seed, or by the whole config except the seed (repeats of one setting).
 */
import { seedlessKey } from '../util/config-diff';

export const GROUPINGS = ['none', 'strategy', 'seed', 'config'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const GROUPING_LABELS: Record<Grouping, string> = {
  none: 'no grouping',
  strategy: 'strategy',
  seed: 'seed',
  config: 'config except seed',
};

export interface GroupableRun {
  id: number;
  name: string;
  strategy: string;
  seed: number;
  config: unknown;
}

export interface RunGroup {
  key: string;
  label: string;
  runIds: number[];
}

/** Groups in the order their first run appears; a run's own group when `by` is none. */
export function groupRuns(runs: readonly GroupableRun[], by: Grouping): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const run of runs) {
    const [key, label] =
      by === 'none'
        ? [`run ${run.id}`, `#${run.id} ${run.name}`]
        : by === 'strategy'
          ? [`strategy ${run.strategy}`, run.strategy]
          : by === 'seed'
            ? [`seed ${run.seed}`, `seed ${run.seed}`]
            : [seedlessKey(run.config), `${run.strategy} (config of #${run.id})`];
    const group = groups.get(key) ?? { key, label, runIds: [] };
    group.runIds.push(run.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}
