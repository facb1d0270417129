/**
 * A tabular search's seeds spread over worker threads: seeds are independent searches, so they split into
 * contiguous shares, one per worker, and the outcomes come back in seed order exactly as a single thread would
 * compute them (each seed fixes its own streams). Measured on the 2-core machine: enas, 10 seeds × 1,000
 * queries, 5.4 s of search in one thread and 4.2 s in two (bench/README.md, "The tabular controller"). A worker that fails or sends back
 * something malformed fails the whole search with its error, and the others are stopped.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EnasError, ERROR_CODES } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import { checkSeedJobResult } from './tabular-seed-job';
import type { SeedJob, SeedJobResult } from './tabular-seed-job';
import type { TabularStrategyName } from './tabular-options';

const BOOTSTRAP = new URL('../ts-worker.mjs', import.meta.url);
const ENTRY = new URL('./tabular-seed-worker.ts', import.meta.url).href;
/**
 * Below this many controller queries in all (~0.6 ms each with the plain controller) a search takes about as long
 * as starting a worker thread (~0.3–0.5 s, most of it loading the TypeScript): one thread.
 */
const MIN_QUERIES_FOR_WORKERS = 2000;

/**
 * The default number of worker threads: for the controller strategies one per core, at most one per seed, and
 * none for a small search; random and parsec never (measured: 10 seeds × 1,000 queries take 0.3 s in one
 * thread, less than a worker takes to start).
 */
export function defaultTabularWorkers(strategy: TabularStrategyName, seeds: number, samples: number): number {
  if (strategy !== 'enas' && strategy !== 'enas-memory') return 1;
  return seeds * samples < MIN_QUERIES_FOR_WORKERS ? 1 : Math.max(1, Math.min(availableParallelism(), seeds));
}

/** `seeds` split into `parts` contiguous shares, as even as they go (none empty). */
export function shareSeeds(seeds: readonly number[], parts: number): number[][] {
  const n = Math.max(1, Math.min(parts, seeds.length));
  return Array.from({ length: n }, (_, i) => seeds.slice(Math.floor((i * seeds.length) / n), Math.floor(((i + 1) * seeds.length) / n)));
}

function runWorker(job: SeedJob): { done: Promise<SeedJobResult>; stop: () => void } {
  const worker = new Worker(BOOTSTRAP, { workerData: { entry: ENTRY, job } });
  let settled = false;
  const done = new Promise<SeedJobResult>((resolve, reject) => {
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    worker.once('message', (message: unknown) => {
      const m = message as { ok?: unknown; error?: unknown; code?: unknown };
      try {
        if (m.error !== undefined) {
          const code = (ERROR_CODES as readonly unknown[]).includes(m.code) ? (m.code as ErrorCode) : 'INTERNAL';
          // The worker's message already carries its code as a prefix.
          throw new EnasError(code, String(m.error).replace(/^[A-Z_]+: /, ''));
        }
        const result = checkSeedJobResult(m.ok, job);
        settled = true;
        resolve(result);
      } catch (err) {
        fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
    worker.once('error', (err) => fail(new EnasError('INTERNAL', `tabular search worker for seeds ${job.seeds.join(', ')} failed: ${err.message}`)));
    worker.once('exit', (code) => fail(new EnasError('INTERNAL', `tabular search worker for seeds ${job.seeds.join(', ')} exited (code ${code}) without a result`)));
  });
  return { done, stop: () => void worker.terminate() };
}

/** Runs `job.seeds` in `workers` threads; the outcomes (and kept searches) come back in seed order. */
export async function runSeedsInWorkers(job: SeedJob, workers: number): Promise<SeedJobResult> {
  const running = shareSeeds(job.seeds, workers).map((seeds) => runWorker({ ...job, seeds }));
  try {
    const parts = await Promise.all(running.map((r) => r.done));
    return { outcomes: parts.flatMap((p) => p.outcomes), results: parts.flatMap((p) => p.results) };
  } finally {
    running.forEach((r) => r.stop());
  }
}
