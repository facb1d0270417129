import { describe, expect, it } from 'vitest';
import { createSearchSpace } from '../../core/spaces';
import { resolvePreset } from '../../shared/config/presets';
import { strategyConfigSchema } from '../../shared/config/strategy';
import type { DatasetRecord } from '../../shared/run';
import type { StudySpec } from '../../shared/study';
import { planStudy, randomArcs, randomBudget } from './study-plan';

const base = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', seed: 1, backend: 'cpu' });
const images = (train: number, valid: number): DatasetRecord => ({
  id: 1,
  name: 'd',
  kind: 'image',
  format: 'idx',
  path: 'd',
  createdAt: 0,
  summary: { counts: { train, valid, test: 100 }, shapes: { image: [8, 8, 1], label: [] }, classes: ['a', 'b'] },
});

describe('study plan', () => {
  it('sizes k of random so its retrains see about the examples of one search plus one retrain', () => {
    const config = {
      ...base,
      search: { ...base.search, epochs: 4, batchSize: 100, childStepsPerEpoch: null },
      retrain: { ...base.retrain, epochs: 2, batchSize: 100 },
    };
    // Search: 4 epochs × 90 steps × 100 = 36,000 examples; retrain on train + valid: 2 × 100 × 100 = 20,000.
    const { k, reason } = randomBudget(config, images(9_000, 1_000));
    expect(k).toBe(Math.round(1 + 36_000 / 20_000));
    expect(reason).toMatch(/^k = 3: .*36,000 search examples plus 20,000/);
    // A fixed number of steps per epoch counts as such.
    expect(randomBudget({ ...config, search: { ...config.search, childStepsPerEpoch: 500 } }, images(9_000, 1_000)).k).toBe(Math.round(1 + 200_000 / 20_000));
  });

  it('draws the same valid uniform architectures for a seed every time, and others for another seed', () => {
    if (base.space.space !== 'micro') throw new Error('the quick micro preset has a micro space');
    const space = createSearchSpace(base.space);
    const arcs = randomArcs(base, 1, 5);
    expect(arcs).toHaveLength(5);
    expect(randomArcs(base, 1, 5)).toEqual(arcs);
    expect(randomArcs(base, 1, 3)).toEqual(arcs.slice(0, 3));
    expect(randomArcs(base, 2, 5)).not.toEqual(arcs);
    for (const arc of arcs) expect(space.format(space.parse(arc))).toBe(arc);
    expect(new Set(arcs).size).toBe(5);
  });

  it('plans seed by seed: a search then its retrain per weight-sharing strategy, k retrains for random', () => {
    const spec: StudySpec = { base, strategies: ['enas', 'random', 'random-ws'], seeds: 2, parallel: 1, randomK: null };
    const chains = planStudy('s', spec, 2);
    expect(chains.map((c) => c.map((r) => `${r.slot.strategy}/${r.slot.seed}/${r.slot.role}/${r.slot.slot}`).join(' → '))).toEqual([
      'enas/1/search/0 → enas/1/retrain/0 → enas/1/score/0',
      'random/1/retrain/0',
      'random/1/retrain/1',
      'random-ws/1/search/0 → random-ws/1/retrain/0 → random-ws/1/score/0',
      'enas/2/search/0 → enas/2/retrain/0 → enas/2/score/0',
      'random/2/retrain/0',
      'random/2/retrain/1',
      'random-ws/2/search/0 → random-ws/2/retrain/0 → random-ws/2/score/0',
    ]);
    // Each supernet scores every random architecture of every seed.
    expect(chains[0]?.[2]?.job).toMatchObject({ kind: 'score', arcs: [...randomArcs(base, 1, 2), ...randomArcs(base, 2, 2)] });
    expect(planStudy('s', { ...spec, strategies: ['enas', 'random-ws'] }, null)[0]).toHaveLength(2);
    const [enasSearch, enasRetrain] = chains[0] ?? [];
    expect(enasSearch?.config.strategy.strategy).toBe('enas');
    expect(enasSearch?.config.seed).toBe(1);
    expect(enasRetrain?.job).toBeNull();
    expect(chains[3]?.[0]?.config.strategy).toEqual({ strategy: 'random-ws' });
    expect(chains[5]?.[0]?.job).toEqual({ kind: 'retrain', arc: randomArcs(base, 2, 1)[0] });
    // Every run of a seed shares the base budget: the same retrain config and seed schedule.
    expect(new Set(chains.flat().map((r) => JSON.stringify(r.config.retrain))).size).toBe(1);
  });

  it('plans enas-memory and parsec like enas, each with the base controller budget as its preset gives it', () => {
    const spec: StudySpec = { base, strategies: ['enas', 'enas-memory', 'parsec'], seeds: 1, parallel: 1, randomK: null };
    const chains = planStudy('s', spec, null);
    expect(chains.map((c) => c.map((r) => `${r.slot.strategy}/${r.slot.role}/${r.config.strategy.strategy}`).join(' → '))).toEqual([
      'enas/search/enas → enas/retrain/enas',
      'enas-memory/search/enas-memory → enas-memory/retrain/enas-memory',
      'parsec/search/parsec → parsec/retrain/parsec',
    ]);
    const preset = (strategy: 'enas-memory' | 'parsec') => resolvePreset({ preset: 'quick', space: 'micro', strategy, seed: 1, backend: 'cpu' }).strategy;
    expect(chains[1]?.[0]?.config.strategy).toEqual(preset('enas-memory'));
    expect(chains[2]?.[0]?.config.strategy).toEqual(preset('parsec'));
    // A base with its own controller (a --config file) lends it: the memory replays its numAggregate.
    if (base.strategy.strategy !== 'enas') throw new Error('the quick preset of a study is resolved for enas');
    const small = { ...base.strategy.controller, numAggregate: 4, trainSteps: 3 };
    const [memory, parsec] = planStudy('s', { ...spec, base: { ...base, strategy: { strategy: 'enas', controller: small } }, strategies: ['enas-memory', 'parsec'] }, null);
    expect(memory?.[0]?.config.strategy).toMatchObject({ strategy: 'enas-memory', controller: small, memory: { replaySize: 4 } });
    expect(parsec?.[0]?.config.strategy).toMatchObject({ strategy: 'parsec', parsec: { numAggregate: 4, trainSteps: 3 } });
    // A base that names the strategy keeps its entry as asked; the others still get a valid config.
    const asked = { strategy: 'parsec' as const, parsec: { learningRate: 0.5, numAggregate: 7, trainSteps: 2, rewardTemperature: 0.1 } };
    const [ownParsec, enasOfParsec] = planStudy('s', { ...spec, base: { ...base, strategy: asked }, strategies: ['parsec', 'enas'] }, null);
    expect(ownParsec?.[0]?.config.strategy).toEqual(asked);
    expect(enasOfParsec?.[0]?.config.strategy).toEqual(strategyConfigSchema.parse({ strategy: 'enas' }));
  });
});
