/**
 * Derive ranks its candidates by the search objective's reward, not by the raw score: under a `budget` the
 * derived best is within the limit whenever a screened candidate was, and under `accuracy` it is the top
 * score. A scripted rnn-like task (lower perplexity is better) whose cheapest children score worst makes the
 * two orders disagree.
 */
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../shared/config/run';
import type { Objective } from '../../shared/config/objective';
import { resolvePreset } from '../../shared/config/presets';
import { createSearchSpace } from '../spaces';
import { createStrategy } from '../strategy/create-strategy';
import { deriveArchitectures } from './derive';
import type { EngineEvent } from './search-hooks';
import type { ChildScore, SearchTask } from './search-task';

const base = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'random-ws', backend: 'cpu', seed: 3 });
const space = createSearchSpace({ space: 'rnn', numNodes: 3, numActivations: 4 });

/** Node 0's activation a costs 100·(1 + a) parameters and gives perplexity 100 − 20·a: dearer is better. */
const paramsOf = (tokens: readonly number[]): number => 100 * (1 + (tokens[0] ?? 0));
const perplexityOf = (tokens: readonly number[]): number => 100 - 20 * (tokens[0] ?? 0);

function task(rewardC: number): SearchTask {
  const score = async (tokens: readonly number[]): Promise<ChildScore> => ({ reward: rewardC / perplexityOf(tokens), validScore: perplexityOf(tokens) });
  return {
    batchesPerEpoch: 1,
    higherIsBetter: false,
    scoreName: 'perplexity',
    trainStep: async () => ({ metrics: {} }),
    reward: score,
    score,
    paramCount: paramsOf,
    costs: { cost: (tokens) => ({ params: paramsOf(tokens), flops: 1 }), largest: { params: 400, flops: 1 }, largestTokens: [] },
    getState: async () => ({ weights: {}, optimizer: null, prngs: {}, orders: {}, extra: null }),
    setState: () => undefined,
    dispose: () => undefined,
  };
}

async function derive(objective: Objective) {
  const config = runConfigSchema.parse({
    ...base,
    preset: 'custom',
    space: { space: 'rnn', numNodes: 3, numActivations: 4 },
    search: { ...base.search, deriveSamples: 30, deriveTopK: 3, deriveRescoreTopN: 0, objective },
  });
  const strategy = createStrategy(config.strategy, space, config.seed);
  const events: EngineEvent[] = [];
  const derived = await deriveArchitectures({
    task: task(config.search.rewardC),
    strategy,
    space,
    schedule: config.search,
    hooks: { emit: (e) => void events.push(e) },
    signal: { aborted: false },
    clock: () => 0,
    seq: 0,
    step: 0,
    epoch: 1,
    seed: config.seed,
  });
  strategy.dispose();
  return derived.map((d) => d.arc.split(' ').map(Number));
}

describe('derive under a search objective', () => {
  it('under accuracy ranks by score alone: the dearest activation first', async () => {
    const derived = await derive({ kind: 'accuracy' });
    expect(derived.map((t) => t[0])).toEqual([3, 3, 3]);
  });

  it('under a parameter budget ranks the candidates within it first, by score', async () => {
    const derived = await derive({ kind: 'budget', cost: 'params', limit: 250 });
    // Within 250 parameters only activations 0 and 1 (100, 200); 1 scores better.
    expect(derived.every((t) => paramsOf(t) <= 250)).toBe(true);
    expect(derived[0]?.[0]).toBe(1);
  });

  it('under a weighted objective trades score for cost as the reward does', async () => {
    // rewardC / perplexity − β · params / 400: with β = 2 the cheapest activation has the best reward.
    const derived = await derive({ kind: 'weighted', cost: 'params', beta: 2 });
    const reward = (t: readonly number[]): number => base.search.rewardC / perplexityOf(t) - (2 * paramsOf(t)) / 400;
    expect(derived[0]?.[0]).toBe(0);
    expect(reward(derived[0]!)).toBeGreaterThanOrEqual(reward(derived.at(-1)!));
  });
});
