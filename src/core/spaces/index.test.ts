import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import type { MacroSpaceConfig, SpaceConfig } from '../../shared/config/space';
import { createPrng } from '../random/prng';
import { createSearchSpace } from './index';
import { createMacroSpace } from './macro-space';

function thrown(fn: () => unknown): EnasError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

/** A config as it may arrive from JSON: typed, but not to be trusted. */
const untrusted = <T extends SpaceConfig = SpaceConfig>(value: unknown) => value as T;

describe('createSearchSpace', () => {
  it('builds the space named by the config, with the config resolved', () => {
    for (const config of [
      { space: 'macro', numLayers: 12, numBranches: 6 },
      { space: 'micro', numNodes: 5, numBranches: 5 },
      { space: 'rnn', numNodes: 12, numActivations: 4 },
    ] as const) {
      const space = createSearchSpace(config);
      expect(space.name).toBe(config.space);
      expect(space.config).toEqual(config);
      expect(space.tokenChoices).toHaveLength(space.arcLength);
    }
  });

  it('lets a caller narrow the space, and so its architecture type, on `name`', () => {
    const space = createSearchSpace(untrusted<SpaceConfig>({ space: 'rnn', numNodes: 3, numActivations: 4 }));
    if (space.name !== 'rnn') throw new Error(`expected the rnn space, got ${space.name}`);
    // `nodes[0].prev` only type-checks on an RnnArc.
    expect(space.sampleUniform(createPrng(5)).nodes[0]?.prev).toBe(-1);
  });

  it.each([
    ['a layer count of 0', { space: 'macro', numLayers: 0, numBranches: 6 }, 'numLayers'],
    ['a fractional node count', { space: 'micro', numNodes: 2.5, numBranches: 5 }, 'numNodes'],
    ['more ops than the micro space has', { space: 'micro', numNodes: 5, numBranches: 6 }, 'numBranches'],
    ['a NaN activation count', { space: 'rnn', numNodes: 12, numActivations: NaN }, 'numActivations'],
  ])('rejects a config with %s as SPACE_BAD_CONFIG naming the field', (_label, config, field) => {
    const err = thrown(() => createSearchSpace(untrusted<SpaceConfig>(config)));
    expect(err.code).toBe('SPACE_BAD_CONFIG');
    expect(err.message).toMatch(new RegExp(`^SPACE_BAD_CONFIG: ${config.space} search space config is invalid: ${field}: `));
  });

  it('rejects a config that names no known space', () => {
    expect(thrown(() => createSearchSpace(untrusted<SpaceConfig>({ space: 'nasnet' }))).message).toBe(
      'SPACE_BAD_CONFIG: search space config: space must be "macro", "micro", "rnn" or "nb201", got "nasnet"',
    );
    expect(thrown(() => createSearchSpace(untrusted<SpaceConfig>(null))).code).toBe('SPACE_BAD_CONFIG');
  });

  it('fills the defaults of the shared schema when a field is missing', () => {
    const space = createSearchSpace(untrusted<SpaceConfig>({ space: 'macro' }));
    expect(space.config).toEqual({ space: 'macro', numLayers: 12, numBranches: 6 });
  });

  it('rejects a config of another space handed to a space factory', () => {
    const micro = untrusted<MacroSpaceConfig>({ space: 'micro', numNodes: 5, numBranches: 5 });
    expect(thrown(() => createMacroSpace(micro)).code).toBe('SPACE_BAD_CONFIG');
  });
});
