/**
 * The search loop's controller traces (the controller analysis): the controller's hidden states of the first
 * `traceSamplesPerEpoch` scored architectures of every epoch, each tied to its sample by seq; none for a
 * strategy without a controller.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFloat32Base64 } from '../../shared/float32-base64';
import { resolvePreset } from '../../shared/config/presets';
import { runConfigSchema } from '../../shared/config/run';
import { strategyConfigSchema } from '../../shared/config/strategy';
import type { StrategyConfig } from '../../shared/config/strategy';
import type { ArchitectureSampled, ControllerTrace } from '../../shared/protocol';
import { createSearchSpace } from '../spaces';
import { createStrategy } from '../strategy/create-strategy';
import type { EngineEvent } from './search-hooks';
import { runSearch } from './search-loop';
import type { ChildScore, SearchTask } from './search-task';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'random-ws', backend: 'cpu', seed: 1 });
const config = runConfigSchema.parse({
  ...base,
  preset: 'custom',
  space: { space: 'rnn', numNodes: 3, numActivations: 4 },
  search: { ...base.search, epochs: 2, childStepsPerEpoch: 2, randomScoresPerEpoch: 6, healthChildren: 0, traceSamplesPerEpoch: 4 },
});
const space = createSearchSpace(config.space);

/** A task whose reward is the share of tokens that are 0. */
function task(): SearchTask {
  const score = async (tokens: readonly number[]): Promise<ChildScore> => {
    const share = tokens.filter((t) => t === 0).length / tokens.length;
    return { reward: share, validScore: share };
  };
  return {
    batchesPerEpoch: 2,
    higherIsBetter: true,
    scoreName: 'accuracy',
    trainStep: async () => ({ metrics: { 'child/loss': 1 } }),
    reward: score,
    score,
    paramCount: () => 1,
    costs: { cost: () => ({ params: 1, flops: 1 }), largest: { params: 1, flops: 1 }, largestTokens: [] },
    getState: async () => ({ weights: {}, optimizer: null, prngs: {}, orders: {}, extra: null }),
    setState: () => undefined,
    dispose: () => undefined,
  };
}

async function search(strategyConfig: StrategyConfig): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  const strategy = createStrategy(strategyConfig, space, config.seed);
  await runSearch({
    task: task(),
    strategy,
    space,
    schedule: config.search,
    child: config.child,
    checkpointEvery: 50,
    hooks: { emit: (e) => void events.push(e), checkpoint: async () => undefined },
    signal: { aborted: false },
    clock: () => 0,
    seed: config.seed,
  });
  strategy.dispose();
  return events;
}

describe('controller traces of a search', () => {
  it('traces the first traceSamplesPerEpoch scored architectures of each epoch, for enas-memory', async () => {
    const events = await search(strategyConfigSchema.parse({ strategy: 'enas-memory', controller: { lstmSize: 8, numAggregate: 3, trainSteps: 2 } }));
    const traces = events.filter((e): e is ControllerTrace => e.type === 'controller-trace');
    const scored = events.filter((e): e is ArchitectureSampled => e.type === 'architecture-sampled' && e.phase === 'controller');
    expect(scored).toHaveLength(12);
    const expected = [0, 1].flatMap((epoch) => scored.filter((s) => s.epoch === epoch).slice(0, 4));
    expect(traces.map((t) => [t.seq, t.epoch, t.tokens.join(' ')])).toEqual(expected.map((s) => [s.seq, s.epoch, s.arc]));
    for (const t of traces) {
      // rnn with 3 nodes: 3 activations and 2 previous-node choices, 8 values each.
      expect(t.width).toBe(8);
      expect(decodeFloat32Base64(t.hidden)).toHaveLength(5 * 8);
    }
  });

  it('traces nothing for random-ws, which has no controller', async () => {
    const events = await search(strategyConfigSchema.parse({ strategy: 'random-ws' }));
    expect(events.some((e) => e.type === 'controller-trace')).toBe(false);
    expect(events.some((e) => e.type === 'architecture-sampled' && e.phase === 'controller')).toBe(true);
  });
});
