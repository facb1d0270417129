/**
 * The one write path for what a running trainer streams: metric points, sampled architectures and events
 * of a flush window (≤ 64 steps or ≤ 1 s, chosen by the host) commit in one transaction, so a crash keeps a
 * window whole or not at all and the fsync cost (synchronous=FULL) is paid once per window, not per row.
 */
import type { SampleRecord } from '../shared/run';
import type { ControllerTraceRecord } from './controller-traces-repository';
import { createControllerTraceWriter } from './controller-traces-repository';
import type { NewRunEvent } from './events-repository';
import { createEventWriter } from './events-repository';
import type { MetricPoint } from './metrics-repository';
import { createMetricWriter } from './metrics-repository';
import { createSampleWriter } from './samples-repository';
import type { StoreContext } from './store-context';

export interface WriteBatch {
  metrics?: readonly MetricPoint[];
  samples?: readonly SampleRecord[];
  events?: readonly NewRunEvent[];
  /** The controller's hidden states of traced samples (controller analysis). */
  traces?: readonly ControllerTraceRecord[];
}

/** A function that commits a batch atomically; when it returns, the batch is durable. */
export function createWriteBatch(ctx: StoreContext): (batch: WriteBatch) => void {
  const writeMetrics = createMetricWriter(ctx);
  const writeSamples = createSampleWriter(ctx);
  const writeEvents = createEventWriter(ctx);
  const writeTraces = createControllerTraceWriter(ctx);
  const commit = ctx.db.transaction((batch: WriteBatch) => {
    if (batch.metrics !== undefined) writeMetrics(batch.metrics);
    if (batch.samples !== undefined) writeSamples(batch.samples);
    if (batch.events !== undefined) writeEvents(batch.events);
    if (batch.traces !== undefined) writeTraces(batch.traces);
  });
  return (batch) => {
    commit(batch);
  };
}
