import { describe, expect, it } from 'vitest';
import { configDiff, seedlessKey } from './config-diff';

describe('configDiff', () => {
  it('lists only the leaves that differ, with every run value', () => {
    const rows = configDiff([
      { seed: 1, search: { epochs: 2, batchSize: 32 } },
      { seed: 2, search: { epochs: 2, batchSize: 64 } },
    ]);
    expect(rows).toEqual([
      { path: 'search.batchSize', values: [32, 64] },
      { path: 'seed', values: [1, 2] },
    ]);
  });

  it('leaves out the provenance: how each config was made from its preset is not a setting', () => {
    const rows = configDiff([
      { seed: 1, search: { epochs: 1 }, provenance: { basePreset: 'quick', changes: [{ path: 'search.epochs', preset: 7, value: 1 }] } },
      { seed: 1, search: { epochs: 2 }, provenance: { basePreset: 'quick', changes: [{ path: 'search.epochs', preset: 7, value: 2 }] } },
    ]);
    expect(rows).toEqual([{ path: 'search.epochs', values: [1, 2] }]);
  });
});

describe('seedlessKey', () => {
  it('groups configs that differ only in the seed', () => {
    expect(seedlessKey({ seed: 1, a: { b: 2 } })).toBe(seedlessKey({ a: { b: 2 }, seed: 9 }));
    expect(seedlessKey({ seed: 1, a: { b: 2 } })).not.toBe(seedlessKey({ seed: 1, a: { b: 3 } }));
    // The same settings reached by different edits are the same config.
    expect(seedlessKey({ seed: 1, a: { b: 2 }, provenance: { changes: [{ path: 'a.b' }] } })).toBe(seedlessKey({ seed: 2, a: { b: 2 }, provenance: { changes: [] } }));
  });
});
