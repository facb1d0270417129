/**
 * The latencies a search measures (search.latencyRepeats > 0): each architecture's once, by its arch id, so a
 * sample the controller draws again costs nothing, and the costliest architecture's only when a weighted
 * objective on latency needs it as its scale. One meter per search task, shared by the search loop and the
 * derive, so the derive does not measure again what the search already did.
 */
import type { SearchSchedule } from '../../shared/config/run';
import type { SearchSpace } from '../spaces/search-space';
import type { ObjectiveCost } from './objective-reward';
import type { SearchTask } from './search-task';

export interface LatencyMeter {
  /** The architecture's latency in ms; null where the run measures none (repeats 0, or a text task). */
  of(tokens: readonly number[]): Promise<number | null>;
  /** Its counted costs and its latency, as the objective reads them. */
  cost(tokens: readonly number[]): Promise<ObjectiveCost>;
  /** The costliest architecture's costs, with its latency when a weighted objective on latency scales by it. */
  largest(): Promise<ObjectiveCost>;
}

const meters = new WeakMap<SearchTask, LatencyMeter>();

export function latencyMeterFor(task: SearchTask, space: SearchSpace<unknown>, schedule: SearchSchedule): LatencyMeter {
  const known = meters.get(task);
  if (known !== undefined) return known;
  const repeats = schedule.latencyRepeats;
  const measured = new Map<string, Promise<number>>();
  const measure = task.latency === undefined || repeats === 0 ? null : task.latency.bind(task);
  let largest: Promise<ObjectiveCost> | null = null;
  const meter: LatencyMeter = {
    async of(tokens) {
      if (measure === null) return null;
      const archId = space.archId(space.decode(tokens));
      let latency = measured.get(archId);
      if (latency === undefined) {
        latency = measure(tokens, repeats);
        measured.set(archId, latency);
      }
      return latency;
    },
    async cost(tokens) {
      return { ...task.costs.cost(tokens), latency: await meter.of(tokens) };
    },
    largest() {
      const { objective } = schedule;
      const scaled = objective.kind === 'weighted' && objective.cost === 'latency';
      largest ??= scaled ? meter.cost(task.costs.largestTokens) : Promise.resolve({ ...task.costs.largest, latency: null });
      return largest;
    },
  };
  meters.set(task, meter);
  return meter;
}
