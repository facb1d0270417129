/**
 * The embedded datasets at first start (what `enas serve`, `npm start` and the app do before serving):
 * resources/datasets imported under the names run configs use, with the counts the resources README
 * promises, each announced to the UIs; a second start imports nothing; a damaged install is reported,
 * not fatal.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerEmbeddedDatasets } from '../../src/host/embedded-datasets';
import type { LogLevel } from '../../src/host/ports';
import { resolvePreset } from '../../src/shared/config/presets';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

const RESOURCES = join(import.meta.dirname, '..', '..', 'resources', 'datasets');

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('registerEmbeddedDatasets', () => {
  it('imports fashion-mnist-small and austen-ptb once, with their counts, and announces each', async () => {
    h = await openHarness();
    const logs: LogLevel[] = [];
    const first = await registerEmbeddedDatasets(h.workbench.handlers, RESOURCES, { log: (level) => logs.push(level) });
    expect(first).toEqual({ imported: ['fashion-mnist-small', 'austen-ptb'], failed: [] });
    const byName = new Map(h.store.datasets.list().map((d) => [d.name, d]));
    expect(byName.get('fashion-mnist-small')).toMatchObject({
      kind: 'image',
      format: 'idx',
      summary: { counts: { train: 5400, valid: 600, test: 1000 }, shapes: { image: [28, 28, 1], label: [] } },
    });
    expect(byName.get('fashion-mnist-small')?.summary.classes[9]).toBe('Ankle boot');
    expect(byName.get('austen-ptb')).toMatchObject({
      kind: 'text',
      summary: { counts: { train: 165_478, valid: 28_568, test: 21_452 }, classes: [] },
    });
    expect(h.events.filter((e) => e.type === 'dataset-imported').map((e) => (e.type === 'dataset-imported' ? e.dataset.name : ''))).toEqual([
      'fashion-mnist-small',
      'austen-ptb',
    ]);
    expect(logs).toEqual(['info', 'info']);

    const again = await registerEmbeddedDatasets(h.workbench.handlers, RESOURCES, { log: () => undefined });
    expect(again).toEqual({ imported: [], failed: [] });
    expect(h.store.datasets.list()).toHaveLength(3);

    const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'fashion-mnist-small', seed: 1, backend: 'cpu' });
    const run = await h.workbench.handlers['runs.create']({ name: 'on the embedded set', config, job: { kind: 'search' }, tags: [], notes: '' });
    expect(run.datasetId).toBe(byName.get('fashion-mnist-small')?.id);
  });

  it('reports a missing resources folder per dataset, registers nothing and does not throw', async () => {
    h = await openHarness();
    const logs: { level: LogLevel; message: string }[] = [];
    const report = await registerEmbeddedDatasets(h.workbench.handlers, join(h.dir, 'no-resources'), {
      log: (level, message) => logs.push({ level, message }),
    });
    expect(report.imported).toEqual([]);
    expect(report.failed.map((f) => f.name)).toEqual(['fashion-mnist-small', 'austen-ptb']);
    expect(report.failed[0]?.message).toMatch(/fashion-mnist-subset/);
    expect(logs.map((l) => l.level)).toEqual(['error', 'error']);
    expect(h.store.datasets.list().map((d) => d.name)).toEqual(['tiny']);
  });
});
