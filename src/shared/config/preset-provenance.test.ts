import { describe, expect, it } from 'vitest';
import { diffJson, recordPresetProvenance } from './preset-provenance';
import { resolvePreset } from './presets';
import type { RunConfig } from './run';

const quick = (): RunConfig => resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 7, backend: 'cpu' });

describe('preset provenance', () => {
  it('keeps an unedited preset by its name, whatever the dataset, seed and backend', () => {
    const { config, provenance } = recordPresetProvenance(quick());
    expect(config.preset).toBe('quick');
    expect(provenance).toEqual({ basePreset: 'quick', changes: [] });
  });

  it('records an edited preset as custom with every change by its dotted path', () => {
    const edited = quick();
    if (edited.strategy.strategy !== 'enas') throw new Error('enas');
    const before = edited.strategy.controller.entropyWeight;
    edited.strategy.controller.entropyWeight = 0.5;
    edited.search.batchSize = 48;
    const { config, provenance } = recordPresetProvenance(edited);
    expect(config.preset).toBe('custom');
    expect(config.strategy).toEqual(edited.strategy);
    expect(provenance).toEqual({
      basePreset: 'quick',
      changes: [
        { path: 'search.batchSize', preset: quick().search.batchSize, value: 48 },
        { path: 'strategy.controller.entropyWeight', preset: before, value: 0.5 },
      ],
    });
  });

  it('compares a config that already says custom with the base it is given (a retrain of a custom run)', () => {
    const custom = { ...quick(), preset: 'custom' as const, seed: 9 };
    custom.retrain = { ...custom.retrain, epochs: custom.retrain.epochs + 1 };
    expect(recordPresetProvenance(custom).provenance).toEqual({ basePreset: null, changes: [] });
    expect(recordPresetProvenance(custom, 'quick').provenance.changes.map((c) => c.path)).toEqual(['retrain.epochs']);
  });

  it('diffs any JSON leaf by leaf, arrays whole, a missing side as null', () => {
    expect(diffJson({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { b: 1, c: [1, 3] }, e: 'x' })).toEqual([
      { path: 'a.c', preset: [1, 2], value: [1, 3] },
      { path: 'd', preset: 1, value: null },
      { path: 'e', preset: null, value: 'x' },
    ]);
  });
});
