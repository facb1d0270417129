/**
 * A run's Pareto front of (validation accuracy, cost) over all its scored samples and the hypervolume over
 * time (src/shared/pareto.ts), with the reference point of its search space: accuracy 0 and the cost of the
 * space's costliest architecture for the run's config (core/spaces/arch-cost.ts) — for a tabular nb201 run
 * NAS-Bench-201's network with the table's classes, for a supernet run the run's child config at its
 * dataset's image shape. Where that shape is unknown (the dataset was deleted) the costliest sampled
 * architecture stands in, and the response says so.
 *
 * Every scored sample is a point (its validation accuracy as measured then: in a tabular run the cell's mean
 * accuracy over the table's seeds); an architecture is drawn once, at its best measurement, which is the one
 * that can be on the front.
 */
import { tableCostModel } from '../../core/benchmark/table-cost';
import { createCostModel } from '../../core/spaces/arch-cost';
import type { CostContext } from '../../core/spaces/arch-cost';
import { objectiveSchema } from '../../shared/config/objective';
import type { CostMeasure, Objective } from '../../shared/config/objective';
import { runConfigSchema } from '../../shared/config/run';
import type { FrontPoint, RunFront } from '../../shared/front';
import { hypervolumeCurve, paretoFront } from '../../shared/pareto';
import type { RunRecord } from '../../shared/run';
import type { Store } from '../../store/store';

/**
 * The largest cost of the run's space and config, or undefined where it cannot be known (latency is measured,
 * not counted: the costliest sampled architecture stands in).
 */
function largestCost(store: Store, run: RunRecord, measure: CostMeasure): number | undefined {
  if (measure === 'latency') return undefined;
  const config = run.config as Record<string, unknown> | null;
  if (run.space === 'nb201' && typeof config?.table === 'string') return tableCostModel(config.table).largest[measure];
  const parsed = runConfigSchema.safeParse(config);
  if (!parsed.success || run.datasetId === null) return undefined;
  const summary = store.datasets.get(run.datasetId)?.summary;
  const [height, width, channels] = summary?.shapes.image ?? [];
  const { space, child } = parsed.data;
  if (summary === undefined || height === undefined || width === undefined || channels === undefined || space.space === 'rnn') {
    return undefined;
  }
  const input = { height, width, channels, numClasses: summary.classes.length };
  return createCostModel({ space, child, input } as CostContext).largest[measure];
}

/** The objective a run's rewards maximised: `objective` of a tabular run, `search.objective` of a search. */
function objectiveOf(run: RunRecord): Objective {
  const config = run.config as { objective?: unknown; search?: { objective?: unknown } } | null;
  const parsed = objectiveSchema.safeParse(config?.objective ?? config?.search?.objective);
  return parsed.success ? parsed.data : { kind: 'accuracy' };
}

export function runFront(store: Store, run: RunRecord, measure: CostMeasure): RunFront {
  const objective = objectiveOf(run);
  const empty = (note: string): RunFront => ({
    runId: run.id,
    cost: measure,
    reference: { accuracy: 0, cost: 1, source: 'largest-sampled' },
    points: [],
    hypervolume: { seq: [], value: [] },
    objective,
    note,
  });
  if (run.space === 'rnn') {
    return empty('an rnn run scores perplexity, and every rnn cell of a config has the same cost: there is no front to trade');
  }
  const samples = store.samples.costs(run.id).flatMap((s) => {
    const cost = s[measure];
    return cost === null ? [] : [{ ...s, cost, accuracy: s.validScore }];
  });
  if (samples.length === 0) {
    return empty(
      measure === 'latency'
        ? 'no scored sample of this run has a measured latency: set search.latencyRepeats (or --cost latency) to measure it; tabular runs have none'
        : 'no scored sample of this run has a recorded cost (runs stored before costs were recorded have none)',
    );
  }
  const largest = largestCost(store, run, measure);
  const reference = {
    accuracy: 0,
    cost: largest ?? Math.max(...samples.map((s) => s.cost)),
    source: largest === undefined ? ('largest-sampled' as const) : ('largest-architecture' as const),
  };
  const best = new Map<string, { sample: (typeof samples)[number]; firstSeq: number; count: number }>();
  for (const s of samples) {
    const known = best.get(s.archId);
    if (known === undefined) best.set(s.archId, { sample: s, firstSeq: s.seq, count: 1 });
    else best.set(s.archId, { sample: s.accuracy > known.sample.accuracy ? s : known.sample, firstSeq: known.firstSeq, count: known.count + 1 });
  }
  const archs = [...best.values()].map(({ sample, firstSeq, count }) => ({ ...sample, firstSeq, count }));
  const onFront = new Set(paretoFront(archs).map((a) => a.archId));
  const points: FrontPoint[] = archs
    .map((a) => ({
      archId: a.archId,
      arc: a.arc,
      accuracy: a.accuracy,
      params: a.params ?? 0,
      flops: a.flops ?? 0,
      latency: a.latency,
      firstSeq: a.firstSeq,
      samples: a.count,
      onFront: onFront.has(a.archId),
    }))
    .sort((a, b) => Number(b.onFront) - Number(a.onFront) || (a[measure] ?? 0) - (b[measure] ?? 0));
  const curve = hypervolumeCurve(
    samples.map((s) => ({ accuracy: s.accuracy, cost: s.cost / reference.cost })),
    { accuracy: 0, cost: 1 },
  );
  const hypervolume: RunFront['hypervolume'] = { seq: [], value: [] };
  curve.forEach((value, i) => {
    const last = hypervolume.value[hypervolume.value.length - 1];
    if (value !== last || i === curve.length - 1) {
      hypervolume.seq.push(samples[i]!.seq);
      hypervolume.value.push(value);
    }
  });
  return { runId: run.id, cost: measure, reference, points, hypervolume, objective, note: null };
}
