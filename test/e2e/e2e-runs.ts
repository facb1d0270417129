/**
 * Runs for the UI e2e tests: a fresh workbench database holding the synthetic dataset (what `enas serve
 * --db` opens), and waiting over the bridge until a run has ended.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkbenchBridge } from '../../src/renderer/api/bridge';
import { openStore } from '../../src/store/store';
import { registerSyntheticDataset } from '../fixtures/real-trainer-workbench';

/** A fresh database folder (named from `prefix`) holding the synthetic dataset. */
export function syntheticDatabase(prefix: string): { dir: string; dbFile: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbFile = join(dir, 'workbench.db');
  const store = openStore(dbFile);
  try {
    registerSyntheticDataset(store, dir);
  } finally {
    store.close();
  }
  return { dir, dbFile };
}

/** The run's status once it is neither created nor running; throws after `timeoutMs`. */
export async function waitForRun(bridge: WorkbenchBridge, runId: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await bridge.call('runs.get', { runId });
    if (!['created', 'running'].includes(run.status)) return run.status;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
