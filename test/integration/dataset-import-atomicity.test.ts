/**
 * An import is all or nothing (docs/architecture.md §6; docs/reliability.md T2.2 for the dataset-import path): the Nth
 * write, fsync, mkdir or rename fails, once or from then on, for every N an import performs, and each time
 * the error is typed, nothing is registered and the data directory holds nothing new. Also: a registry that
 * throws undoes the import, stale staging folders are removed, and concurrent imports do not collide.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDatasetIssue } from '../../src/core/data/data-error';
import { nodeDatasetFs } from '../../src/host/datasets/staging';
import type { DatasetFs } from '../../src/host/datasets/staging';
import { createHarness, leftovers } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';
import { writeIdxFolder } from '../fixtures/datasets/idx-folders';

/** nodeDatasetFs with a counter on every mutating call; fails call number `failAt` (and later ones if `always`). */
function faultyFs(failAt: number, always: boolean): DatasetFs & { calls: number } {
  const state = { calls: 0 };
  const step = (what: string): void => {
    state.calls += 1;
    if (state.calls === failAt || (always && state.calls > failAt)) {
      throw Object.assign(new Error(`EIO: injected failure of ${what} #${state.calls}`), { code: 'EIO' });
    }
  };
  return Object.assign(state, {
    mkdir: async (p: string) => {
      step('mkdir');
      await nodeDatasetFs.mkdir(p);
    },
    create: async (p: string) => {
      step('open');
      const file = await nodeDatasetFs.create(p);
      return {
        write: async (bytes: Uint8Array) => {
          step('write');
          await file.write(bytes);
        },
        sync: async () => {
          step('fsync');
          await file.sync();
        },
        close: () => file.close(),
      };
    },
    rename: async (from: string, to: string) => {
      step('rename');
      await nodeDatasetFs.rename(from, to);
    },
    syncDir: async (p: string) => {
      step('fsync dir');
      await nodeDatasetFs.syncDir(p);
    },
    remove: (p: string) => nodeDatasetFs.remove(p),
    list: (p: string) => nodeDatasetFs.list(p),
  });
}

let source: string;
let scratch: Harness;
beforeAll(async () => {
  scratch = await createHarness();
  source = join(scratch.inputs, 'mnist');
  await writeIdxFolder(source, true);
});
afterAll(async () => {
  await scratch.cleanup();
});

describe('dataset import is all or nothing', () => {
  it('fails cleanly at every write, fsync, mkdir and rename, failing once or from then on', async () => {
    const counting = faultyFs(0, false);
    const probe = await createHarness({ fs: counting });
    await probe.importer.importDataset({ path: source, options: { validationSize: 6 } });
    const total = counting.calls;
    expect(total).toBeGreaterThan(10);
    await probe.cleanup();

    for (const always of [false, true]) {
      for (let n = 1; n <= total; n++) {
        const h = await createHarness({ fs: faultyFs(n, always) });
        let caught: unknown;
        try {
          await h.importer.importDataset({ path: source, options: { validationSize: 6 } });
        } catch (err) {
          caught = err;
        }
        const issue = toDatasetIssue(caught);
        expect(issue, `failure at call ${n} (always: ${always}) gave ${String(caught)}`).toMatchObject({ code: 'DATASET_WRITE_FAILED' });
        expect(issue!.message).toContain('injected failure');
        expect(h.registered).toEqual([]);
        expect(await leftovers(h.dataDir)).toEqual([]);
        await h.cleanup();
      }
    }
  });

  it('undoes the import when the registry throws, and says so', async () => {
    const h = await createHarness({ failRegister: true });
    let caught: unknown;
    try {
      await h.importer.importDataset({ path: source, options: { validationSize: 6 } });
    } catch (err) {
      caught = err;
    }
    expect(toDatasetIssue(caught)).toMatchObject({ code: 'DATASET_REGISTER_FAILED', file: 'mnist' });
    expect(toDatasetIssue(caught)!.message).toContain('database is locked');
    expect(await leftovers(h.dataDir)).toEqual([]);
    await h.cleanup();
  });

  it('removes staging folders left by a killed import, and only those', async () => {
    const h = await createHarness();
    await h.importer.importDataset({ path: source, options: { validationSize: 6 } });
    await mkdir(join(h.dataDir, '.staging', 'killed-1'), { recursive: true });
    await writeFile(join(h.dataDir, '.staging', 'killed-1', 'train.images.u8'), 'half');
    expect(await h.importer.removeStaleStaging()).toBe(1);
    expect(await readdir(join(h.dataDir, '.staging'))).toEqual([]);
    expect(await leftovers(h.dataDir)).toHaveLength(1);
    await h.cleanup();
  });

  it('runs concurrent imports of the same source into separate folders', async () => {
    const h = await createHarness();
    const results = await Promise.all([1, 2, 3].map((seed) => h.importer.importDataset({ path: source, name: 'same name', options: { seed, validationSize: 6 } })));
    expect(new Set(results.map((r) => r.directory)).size).toBe(3);
    expect(results.map((r) => r.id).sort()).toEqual(['ds-1', 'ds-2', 'ds-3']);
    expect(results[0]!.directory).toMatch(/^same-name-[0-9a-f]{8}$/);
    await h.cleanup();
  });

  it('refuses a malformed request with a typed error before touching the disk', async () => {
    const h = await createHarness();
    let caught: unknown;
    try {
      await h.importer.importDataset({ path: source, options: { imageSize: 10_000 } });
    } catch (err) {
      caught = err;
    }
    expect(toDatasetIssue(caught)).toMatchObject({ code: 'DATASET_BAD_OPTIONS', file: 'mnist' });
    expect(await leftovers(h.dataDir)).toEqual([]);
    await h.cleanup();
  });
});
