import { describe, expect, it } from 'vitest';
import { resolvePreset } from '../../shared/config/presets';
import { EnasError } from '../../shared/errors';
import { applyConfigOverrides } from './config-overrides';
import { parseSearchOptions } from './search-options';

const quick = () => resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas' });

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof EnasError && err.code === 'CLI_USAGE') return err.message;
    throw err;
  }
  throw new Error('expected CLI_USAGE');
}

describe('--config and --set', () => {
  it('edits the preset by dotted paths, the file first, then each --set in order', () => {
    const files: Record<string, string> = { 'edit.json': JSON.stringify({ strategy: { controller: { entropyWeight: 0.25, lstmSize: 32 } }, search: { batchSize: 16 } }) };
    const config = applyConfigOverrides(quick(), { configFile: 'edit.json', sets: ['strategy.controller.entropyWeight=0.5', 'search.childStepsPerEpoch=null'] }, (f) => files[f]!);
    if (config.strategy.strategy !== 'enas') throw new Error('enas');
    expect(config.strategy.controller.entropyWeight).toBe(0.5);
    expect(config.strategy.controller.lstmSize).toBe(32);
    expect(config.search.batchSize).toBe(16);
    expect(config.search.childStepsPerEpoch).toBeNull();
    expect(config.preset).toBe('quick');
  });

  it('refuses a path that does not exist, naming what does', () => {
    expect(usageError(() => applyConfigOverrides(quick(), { sets: ['strategy.controller.entropyWieght=0.5'] }))).toMatch(
      /"strategy\.controller\.entropyWieght" is not a setting of this configuration; at "strategy\.controller" there are: .*entropyWeight/,
    );
    expect(usageError(() => applyConfigOverrides(quick(), { sets: ['seed.x=1'] }))).toContain('"seed" is a value');
    expect(usageError(() => applyConfigOverrides(quick(), { sets: ['entropyWeight'] }))).toContain('PATH=VALUE');
    expect(usageError(() => applyConfigOverrides(quick(), { configFile: 'x.json', sets: [] }, () => '[1]'))).toContain('expected a JSON object');
  });

  it('refuses a value the schema refuses, naming the field', () => {
    expect(usageError(() => applyConfigOverrides(quick(), { sets: ['search.batchSize=0'] }))).toMatch(/search\.batchSize: /);
    expect(usageError(() => applyConfigOverrides(quick(), { sets: ['search.batchSize=many'] }))).toMatch(/search\.batchSize: /);
  });

  it('is wired into `enas search` (repeatable --set)', () => {
    const { config } = parseSearchOptions(['--set', 'strategy.controller.entropyWeight=0.5', '--set', 'seed=3']);
    expect(config.seed).toBe(3);
    expect(config.strategy.strategy === 'enas' && config.strategy.controller.entropyWeight).toBe(0.5);
  });
});
