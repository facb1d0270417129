import { describe, expect, it } from 'vitest';
import { strategyConfigSchema } from './config/strategy';
import { DEFAULT_STUDY_STRATEGIES, searchStrategyOf, STUDY_STRATEGIES, studySpecSchema } from './study';
import { resolvePreset } from './config/presets';

describe('study strategies', () => {
  it('are every search strategy of the engine, then random', () => {
    const engine = strategyConfigSchema.options.map((o) => o.shape.strategy.value);
    expect([...STUDY_STRATEGIES].sort()).toEqual([...engine, 'random'].sort());
    expect(STUDY_STRATEGIES.at(-1)).toBe('random');
    for (const s of DEFAULT_STUDY_STRATEGIES) expect(STUDY_STRATEGIES).toContain(s);
  });

  it('run their own search strategy; random runs carry the uniform sampler', () => {
    expect(STUDY_STRATEGIES.map(searchStrategyOf)).toEqual(['enas', 'enas-memory', 'parsec', 'random-ws', 'random-ws']);
  });

  it('are what a study spec accepts', () => {
    const base = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', backend: 'cpu' });
    expect(studySpecSchema.parse({ base, strategies: ['enas', 'enas-memory'], seeds: 3 }).strategies).toEqual(['enas', 'enas-memory']);
    expect(studySpecSchema.safeParse({ base, strategies: ['enas', 'darts'], seeds: 3 }).success).toBe(false);
  });
});
