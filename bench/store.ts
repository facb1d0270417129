/**
 * Experiment-store throughput: metric rows committed per second through writeBatch at several batch sizes
 * (synchronous=FULL, so every commit pays an fsync of the WAL), and the time to fetch a 1,000,000-point
 * series downsampled with LTTB to 2,000 points, whole and zoomed. Goals (design brief): ≥ 200k rows/s
 * batched, < 50 ms per downsampled fetch.
 *
 *   npx tsx bench/store.ts [--rows N]
 *
 * Where the fetch time goes is shown beside it, measured on the same file with plain better-sqlite3: the
 * COUNT over the range, SQLite's own scan of the range (native SUM, no JavaScript per row), and a
 * `raw().iterate()` over the range (what a JavaScript-driven streaming pass would cost).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/store';
import type { Store } from '../src/store/store';

const SERIES_POINTS = 1_000_000;
const DOWNSAMPLED = 2_000;
const argRows = process.argv.indexOf('--rows');
const INSERT_ROWS = argRows > 0 ? Number(process.argv[argRows + 1]) : 256_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeMs(action: () => unknown, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    action();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Rows/s of `rows` metric points committed `batchSize` at a time into a fresh series. */
function insertRate(store: Store, runId: number, batchSize: number, rows: number): number {
  const series = `bench/batch-${batchSize}`;
  const start = performance.now();
  for (let from = 0; from < rows; from += batchSize) {
    const n = Math.min(batchSize, rows - from);
    store.writeBatch({ metrics: Array.from({ length: n }, (_, i) => ({ runId, series, step: from + i, value: Math.sin(from + i) })) });
  }
  return rows / ((performance.now() - start) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'enas-bench-store-'));
const file = join(dir, 'bench.db');
try {
  const store = openStore(file);
  const runId = store.runs.create({
    name: 'bench',
    space: 'micro',
    strategy: 'enas',
    preset: 'quick',
    datasetId: null,
    config: {},
    seed: 0,
    backend: 'cpu',
    versions: {},
  }).id;

  console.log(`metric inserts through writeBatch (synchronous=FULL, ${INSERT_ROWS} rows per size)`);
  for (const batchSize of [64, 256, 1024, 4096]) {
    const rate = insertRate(store, runId, batchSize, INSERT_ROWS);
    console.log(`  ${String(batchSize).padStart(5)} rows/transaction: ${Math.round(rate).toLocaleString('en')} rows/s`);
  }

  const fillStart = performance.now();
  for (let from = 0; from < SERIES_POINTS; from += 50_000) {
    store.writeBatch({
      metrics: Array.from({ length: 50_000 }, (_, i) => {
        const step = from + i;
        return { runId, series: 'child/loss', step, value: Math.exp(-step / 200_000) + 0.1 * Math.sin(step / 37) };
      }),
    });
  }
  store.checkpointWal();
  console.log(`\nfilled a ${SERIES_POINTS.toLocaleString('en')}-point series in ${(performance.now() - fillStart).toFixed(0)} ms`);

  const whole = timeMs(() => store.metrics.series(runId, 'child/loss', { points: DOWNSAMPLED }), 5);
  const zoom = { points: DOWNSAMPLED, fromStep: 400_000, toStep: 499_999 };
  const zoomed = timeMs(() => store.metrics.series(runId, 'child/loss', zoom), 5);
  const compared = timeMs(() => store.metrics.compare([runId, runId], 'child/loss', { points: DOWNSAMPLED }), 3);
  console.log(`LTTB to ${DOWNSAMPLED} points (median): whole series ${whole.toFixed(1)} ms, ` +
    `100k-step zoom ${zoomed.toFixed(1)} ms, two runs compared ${compared.toFixed(1)} ms`);
  store.close();

  const db = new Database(file, { readonly: true });
  const seriesId = db.prepare("SELECT id FROM metric_series WHERE name = 'child/loss'").pluck().get();
  const range = 'FROM metrics WHERE series_id = ? AND step BETWEEN ? AND ? AND value IS NOT NULL';
  const args = [seriesId, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  const count = timeMs(() => db.prepare(`SELECT COUNT(*) ${range}`).pluck().get(...args), 5);
  const nativeScan = timeMs(() => db.prepare(`SELECT SUM(value) ${range}`).pluck().get(...args), 5);
  const iterate = timeMs(() => {
    let sum = 0;
    for (const row of db.prepare(`SELECT step, value ${range}`).raw().iterate(...args)) {
      if (Array.isArray(row) && typeof row[1] === 'number') sum += row[1];
    }
    return sum;
  }, 3);
  db.close();
  console.log(`where the whole-series time goes: COUNT ${count.toFixed(1)} ms + one ordered pass that feeds LTTB; ` +
    `for scale, SQLite's own scan of the range (SUM) ${nativeScan.toFixed(1)} ms, a raw().iterate() over it ${iterate.toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
