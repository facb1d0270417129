/**
 * docs/reliability.md T2.6: an online backup (SQLite's backup API through better-sqlite3) taken while the
 * store keeps committing write batches, as during a search. The backup must open, pass the integrity
 * check, and hold no fewer rows than when it started and no more than the live database at the end.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store';
import { openStore } from '../../src/store/store';
import { newRun, openTempStore } from '../../src/store/temp-store';
import type { TempStore } from '../../src/store/temp-store';

let t: TempStore | undefined;
afterEach(() => t?.dispose());

function counts(store: Store, runId: number): { metrics: number; samples: number; events: number } {
  return {
    metrics: store.metrics.series(runId, 'child/loss', { points: 3 }).total,
    samples: store.samples.page({ runId, limit: 1 }).total,
    events: store.events.list(runId, { limit: 10_000 }).length,
  };
}

function batch(runId: number, window: number): Parameters<Store['writeBatch']>[0] {
  return {
    metrics: Array.from({ length: 64 }, (_, i) => ({ runId, series: 'child/loss', step: window * 64 + i, value: Math.cos(i) })),
    samples: [
      {
        runId,
        seq: window,
        step: window * 64,
        arc: '0 1 1 0',
        archId: 'micro-00000000000000aa',
        reward: 0.5,
        baseline: 0.4,
        logProb: -2,
        entropy: 1,
        validScore: 0.5,
        paramCount: 10,
        status: 'ok',
        failure: null,
      },
    ],
    events: [{ runId, level: 'info', message: `window ${window}` }],
  };
}

describe('online backup during writes (T2.6)', () => {
  it('produces a consistent copy whose counts lie between the start and the live counts', async () => {
    t = openTempStore();
    const { store } = t;
    const runId = store.runs.create(newRun()).id;
    let window = 0;
    // Enough pages (≈ 2 MB) that the backup takes many steps, with writes between them; filled in one
    // transaction because each commit costs an fsync.
    const fill = Array.from({ length: 500 }, () => batch(runId, window++));
    store.writeBatch({
      metrics: fill.flatMap((b) => b.metrics ?? []),
      samples: fill.flatMap((b) => b.samples ?? []),
      events: fill.flatMap((b) => b.events ?? []),
    });
    const atStart = counts(store, runId);

    const target = join(t.dir, 'backup.db');
    let done = false;
    let windowsDuringBackup = 0;
    const writer = (async () => {
      while (!done) {
        store.writeBatch(batch(runId, window++));
        windowsDuringBackup++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await store.backup(target);
    done = true;
    await writer;
    const live = counts(store, runId);
    expect(windowsDuringBackup).toBeGreaterThan(1);

    const copy = openStore(target);
    try {
      expect(copy.integrityCheck()).toEqual({ ok: true, integrity: ['ok'], foreignKeys: [] });
      const backedUp = counts(copy, runId);
      for (const key of ['metrics', 'samples', 'events'] as const) {
        expect(backedUp[key], key).toBeGreaterThanOrEqual(atStart[key]);
        expect(backedUp[key], key).toBeLessThanOrEqual(live[key]);
      }
    } finally {
      copy.close();
      rmSync(target, { force: true });
    }
  });
});
