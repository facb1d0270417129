/**
 * Warm-up epochs, per-epoch health and the two-stage derive, with a scripted image-like task whose accuracy
 * is a known function of the arc: the fraction of micro op decisions that pick op 0 (sep 3×3), scaled into
 * [0.2, 0.8], plus a score that grows with the shared-weight steps taken so far.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePreset } from '../../shared/config/presets';
import { runConfigSchema } from '../../shared/config/run';
import type { ArchitectureSampled } from '../../shared/protocol';
import { createSearchSpace } from '../spaces';
import type { SearchSpace } from '../spaces/search-space';
import { createStrategy } from '../strategy/create-strategy';
import { deriveArchitectures } from './derive';
import type { EngineEvent } from './search-hooks';
import { runSearch } from './search-loop';
import type { SearchTask } from './search-task';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', backend: 'cpu', seed: 5 });
const config = runConfigSchema.parse({
  ...base,
  space: { space: 'micro', numNodes: 2, numBranches: 5 },
  strategy: { strategy: 'enas', controller: { ...(base.strategy.strategy === 'enas' ? base.strategy.controller : {}), lstmSize: 8, trainSteps: 2, numAggregate: 3 } },
  search: {
    ...base.search,
    epochs: 3,
    warmupEpochs: 1,
    childStepsPerEpoch: 4,
    healthChildren: 3,
    healthBatchSize: 50,
    deriveSamples: 6,
    deriveTopK: 3,
    deriveBatchSize: 20,
    deriveRescoreTopN: 2,
    deriveRescoreBatchSize: null,
  },
});
const space: SearchSpace<unknown> = createSearchSpace(config.space);

function sep3Share(tokens: readonly number[]): number {
  const ops = tokens.filter((_, p) => p % 2 === 1);
  return ops.filter((op) => op === 0).length / ops.length;
}

function scriptedTask(calls: { size: number; tokens: string }[]): SearchTask {
  let steps = 0;
  const accuracy = (tokens: readonly number[], size: number): number =>
    // The re-scoring subset (the whole split) ranks by the other end: op 4 (identity) wins there.
    size > 1000 ? 0.2 + 0.6 * (1 - sep3Share(tokens)) : Math.min(0.95, 0.2 + 0.6 * sep3Share(tokens) + 0.01 * steps);
  const score = async (tokens: readonly number[], size: number) => {
    calls.push({ size, tokens: tokens.join(' ') });
    const a = accuracy(tokens, size);
    return { reward: a, validScore: a };
  };
  return {
    batchesPerEpoch: 4,
    higherIsBetter: true,
    scoreName: 'accuracy',
    async trainStep() {
      steps += 1;
      return { metrics: { 'child/loss': 1 } };
    },
    reward: score,
    score,
    paramCount: () => 1,
    costs: { cost: (tokens) => ({ params: 100 + tokens.length, flops: 1000 }), largest: { params: 1000, flops: 1000 }, largestTokens: [] },
    getState: async () => ({ weights: {}, optimizer: null, prngs: {}, orders: {}, extra: null }),
    setState: () => undefined,
    dispose: () => undefined,
  };
}

describe('warm-up, health and the two-stage derive', () => {
  it('trains on uniform children without a phase 2 while warming up, then measures health each epoch and at the end', async () => {
    const events: EngineEvent[] = [];
    const calls: { size: number; tokens: string }[] = [];
    const strategy = createStrategy(config.strategy, space, config.seed);
    const hooks = { emit: (e: EngineEvent) => void events.push(e), checkpoint: async () => undefined };
    const common = { task: scriptedTask(calls), strategy, space, schedule: config.search, signal: { aborted: false }, clock: () => 0, seed: config.seed };
    const outcome = await runSearch({ ...common, child: config.child, checkpointEvery: 50, hooks });
    const samples = events.filter((e): e is ArchitectureSampled => e.type === 'architecture-sampled');
    // Epoch 0 is warm-up: its 4 children are uniform draws, and it scores nothing for the controller.
    expect(samples.filter((s) => s.epoch === 0).map((s) => s.phase)).toEqual(['child', 'child', 'child', 'child']);
    expect(samples.filter((s) => s.epoch === 0).every((s) => Math.abs((s.entropy ?? NaN) + (s.logProb ?? NaN)) < 1e-9)).toBe(true);
    // Epochs 1 and 2: 4 children, then 2 updates × 3 scored samples each.
    for (const epoch of [1, 2]) expect(samples.filter((s) => s.epoch === epoch && s.phase === 'controller')).toHaveLength(6);
    // Health after each phase 1: 3 probe children on the first 50 validation images, the same three every time.
    const probeCalls = calls.filter((c) => c.size === 50);
    expect(probeCalls).toHaveLength(9);
    expect(probeCalls.slice(0, 3)).toEqual(probeCalls.slice(3, 6));
    const health = events.filter((e) => e.type === 'health');
    expect(health).toHaveLength(3);
    expect(outcome.health.supernetAccuracy.map((p) => p.epoch)).toEqual([0, 1, 2]);
    expect(outcome.health.initialEntropy).not.toBeNull();
    const metric = events.filter((e) => e.type === 'step-metrics' && 'health/supernet-accuracy' in e.metrics);
    expect(metric).toHaveLength(3);

    calls.length = 0;
    const derived = await deriveArchitectures({ ...common, hooks, seq: outcome.position.seq, step: outcome.position.step, epoch: 3, health: outcome.health });
    // Stage 1: 6 policy candidates (distinct ones scored once) on 20 images; stage 2: the best 2 on the whole
    // split; then 6 uniform children on the same 20 images for the controller-vs-uniform test.
    const screen = calls.filter((c) => c.size === 20);
    const rescored = calls.filter((c) => c.size > 1000);
    expect(rescored).toHaveLength(2);
    expect(screen.length).toBeGreaterThanOrEqual(6 + 1);
    // The re-scoring ranks by its own scores (identity-heavy arcs win there), not by the screening ones.
    expect(derived).toHaveLength(2);
    const scoreOf = (arc: string): number => 0.2 + 0.6 * (1 - sep3Share(arc.split(' ').map(Number)));
    expect(derived[0]?.score).toBeCloseTo(scoreOf(derived[0]?.arc ?? ''), 12);
    expect(derived[0]!.score).toBeGreaterThanOrEqual(derived[1]!.score);
    const final = events.filter((e) => e.type === 'health').at(-1);
    if (final?.type !== 'health') throw new Error('no final health');
    expect(final.health.controllerVsUniform?.n).toBe(6);
    expect(final.health.supernetAccuracy.perEpoch).toHaveLength(3);
    expect(final.health.collapse).not.toBeNull();
    strategy.dispose();
  });
});
