import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './store';
import { newRun, openTempStore } from './temp-store';
import type { TempStore } from './temp-store';

let t: TempStore | undefined;
afterEach(() => t?.dispose());

describe('store', () => {
  it('truncates the WAL to zero bytes on checkpointWal once writes are copied into the database', () => {
    t = openTempStore();
    const runId = t.store.runs.create(newRun()).id;
    t.store.writeBatch({ metrics: Array.from({ length: 5000 }, (_, step) => ({ runId, series: 'child/loss', step, value: 1 })) });
    const wal = `${t.file}-wal`;
    expect(statSync(wal).size).toBeGreaterThan(0);
    const result = t.store.checkpointWal();
    expect(result.busy).toBe(false);
    expect(statSync(wal).size).toBe(0);
    expect(t.store.metrics.series(runId, 'child/loss', { points: 3 }).total).toBe(5000);
  });

  it('reports a fresh store as intact', () => {
    t = openTempStore();
    expect(t.store.integrityCheck()).toEqual({ ok: true, integrity: ['ok'], foreignKeys: [] });
  });

  it('loads the native binding it is given (how the app passes its Electron build)', () => {
    const require = createRequire(import.meta.url);
    const binding = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    expect(existsSync(binding)).toBe(true);
    t = openTempStore({ nativeBinding: binding });
    expect(t.store.pragmas().journalMode).toBe('wal');
  });

  it('names the database when the native binding cannot be loaded', () => {
    t = openTempStore();
    const file = join(t.dir, 'other.db');
    expect(() => openStore(file, { nativeBinding: join(t?.dir ?? '', 'missing.node') })).toThrow(
      /STORE_CANNOT_OPEN: .*other\.db: cannot open the database/,
    );
  });

  it('refuses calls after close', () => {
    t = openTempStore();
    t.store.close();
    expect(() => t?.store.runs.list()).toThrow(/not open/);
  });
});
