/**
 * The entry of a tabular search's worker thread (tabular-workers.ts starts it through ts-worker.mjs): checks the
 * job it was given, runs its seeds, posts the result back, or posts the error with its code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EnasError } from '../../shared/errors';
import { checkSeedJob, runSeedJob } from './tabular-seed-job';

const port = parentPort;
if (port === null) throw new Error('tabular-seed-worker.ts runs as a worker thread');
try {
  port.postMessage({ ok: runSeedJob(checkSeedJob((workerData as { job?: unknown } | null)?.job)) });
} catch (err) {
  port.postMessage({ error: err instanceof Error ? err.message : String(err), code: err instanceof EnasError ? err.code : 'INTERNAL' });
}
