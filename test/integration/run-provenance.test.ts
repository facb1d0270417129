/**
 * A run created from the quick preset with an edited config is recorded and listed as preset `custom`, with
 * the preset it started from and the changes; its retrain inherits that base; an unedited preset keeps its name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../src/shared/config/presets';
import { provenanceOf } from '../../src/host/stored-config';
import { fromStoredConfig } from '../../src/host/stored-config';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.dispose();
});

describe('run provenance', () => {
  it('records an edited quick preset as custom with its diff, and lists it so', async () => {
    const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 7, backend: 'cpu' });
    if (config.strategy.strategy !== 'enas') throw new Error('enas');
    const preset = config.strategy.controller.entropyWeight;
    config.strategy.controller.entropyWeight = 0.5;
    const run = await h.workbench.handlers['runs.create']({ name: 'edited', config, job: { kind: 'search' }, tags: [], notes: '' });
    expect(run.preset).toBe('custom');
    const listed = (await h.workbench.handlers['runs.list']({})).find((r) => r.id === run.id);
    expect(listed?.preset).toBe('custom');
    const stored = h.store.runs.get(run.id)!;
    expect(provenanceOf(stored)).toEqual({ basePreset: 'quick', changes: [{ path: 'strategy.controller.entropyWeight', preset, value: 0.5 }] });
    // The trainer still gets the config exactly as edited.
    const { config: replayed } = fromStoredConfig(stored);
    expect(replayed).toEqual({ ...config, preset: 'custom' });

    const retrain = await h.workbench.handlers['runs.create']({
      name: 'retrain',
      config: replayed,
      // A valid quick micro arc (40 tokens): the host parses a retrain's arc before it creates the run.
      job: { kind: 'retrain', arc: Array(40).fill(0).join(' ') },
      parentRunId: run.id,
      tags: [],
      notes: '',
    });
    expect(retrain.preset).toBe('custom');
    expect(provenanceOf(h.store.runs.get(retrain.id)!)?.changes.map((c) => c.path)).toEqual(['strategy.controller.entropyWeight']);
  });

  it('keeps an unedited preset by its name', async () => {
    const run = await h.createRun('plain');
    expect(run.preset).toBe('quick');
    expect(provenanceOf(h.store.runs.get(run.id)!)).toEqual({ basePreset: 'quick', changes: [] });
  });
});
