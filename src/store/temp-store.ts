/**
 * Test support for the store's own tests: a fresh store in a new temporary directory (removed by
 * `dispose`) and a plausible run to insert. Not used by production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewRun } from './runs-repository';
import { openStore } from './store';
import type { Store, StoreOptions } from './store';

export interface TempStore {
  store: Store;
  dir: string;
  file: string;
  dispose(): void;
}

export function openTempStore(options: StoreOptions = {}): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'enas-store-'));
  const file = join(dir, 'enas.db');
  const store = openStore(file, options);
  return {
    store,
    dir,
    file,
    dispose() {
      try {
        store.close();
      } catch {
        // Already closed by the test.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A micro-space ENAS search run; fields can be overridden. */
export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    name: 'micro on fashion-mnist',
    space: 'micro',
    strategy: 'enas',
    preset: 'quick',
    datasetId: null,
    config: { space: { space: 'micro', numNodes: 5 }, strategy: { strategy: 'enas' } },
    seed: 42,
    backend: 'cpu',
    versions: { '@tensorflow/tfjs-core': '4.22.0' },
    ...overrides,
  };
}
