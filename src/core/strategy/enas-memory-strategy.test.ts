import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { spaceConfigSchema } from '../../shared/config/space';
import { strategyConfigSchema } from '../../shared/config/strategy';
import { EnasError } from '../../shared/errors';
import { createSearchSpace } from '../spaces/index';
import { createNb201Space } from '../spaces/nb201-space';
import type { SearchSpace } from '../spaces/search-space';
import { runControllerPhase } from './controller-phase';
import { createStrategy } from './create-strategy';
import type { Strategy, StrategySample } from './strategy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const controller = { lstmSize: 8, numAggregate: 3, trainSteps: 3, learningRate: 0.05 };
const enasConfig = strategyConfigSchema.parse({ strategy: 'enas', controller });
const memoryConfig = (memory: Record<string, unknown>) => strategyConfigSchema.parse({ strategy: 'enas-memory', controller, memory });
const micro = createSearchSpace(spaceConfigSchema.parse({ space: 'micro', numNodes: 2 }));
const spaces: Record<string, { space: SearchSpace<unknown>; decisions: number }> = {
  // micro: 4 decisions per node and cell; macro: one op per layer and one skip group per layer after the first;
  // rnn: one activation per node and one previous node per node after the first; nb201: one op per edge.
  micro: { space: micro, decisions: 2 * 4 * 2 },
  macro: { space: createSearchSpace(spaceConfigSchema.parse({ space: 'macro', numLayers: 3 })), decisions: 3 + 2 },
  rnn: { space: createSearchSpace(spaceConfigSchema.parse({ space: 'rnn', numNodes: 3 })), decisions: 3 + 2 },
  nb201: { space: createNb201Space(), decisions: 6 },
};

/** A reward that depends on the architecture: the share of tokens that are 0. */
const reward = (sample: StrategySample) => sample.tokens.filter((t) => t === 0).length / sample.tokens.length;

function weightsOf(strategy: Strategy): Record<string, number[]> {
  const state = strategy.getState();
  if (state.strategy !== 'enas' && state.strategy !== 'enas-memory') throw new Error(`not a controller: ${state.strategy}`);
  return Object.fromEntries(Object.entries(state.controller.weights).map(([name, w]) => [name, Array.from(w.values)]));
}

async function afterUpdates(strategy: Strategy, updates: number) {
  const phase = await runControllerPhase(strategy, reward, { updates });
  return { weights: weightsOf(strategy), arcs: phase.samples.map((s) => s.tokens.join(' ')), losses: phase.updates.map((u) => u.loss) };
}

describe('the enas-memory strategy', () => {
  it('with memoryWeight 0 leaves exactly the parameters enas does, update after update', async () => {
    const plain = createStrategy(enasConfig, micro, 7);
    const memory = createStrategy(memoryConfig({ memoryWeight: 0 }), micro, 7);
    const a = await afterUpdates(plain, 3);
    const b = await afterUpdates(memory, 3);
    expect(b.arcs).toEqual(a.arcs);
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
    plain.dispose();
    memory.dispose();
  });

  it('is exactly enas while its memory is empty (the first update), and the replayed memory changes every later one', async () => {
    const plain = createStrategy(enasConfig, micro, 11);
    const memory = createStrategy(memoryConfig({ memoryWeight: 1 }), micro, 11);
    const first = [await afterUpdates(plain, 1), await afterUpdates(memory, 1)];
    expect(first[1]!.weights).toEqual(first[0]!.weights);
    const second = [await afterUpdates(plain, 1), await afterUpdates(memory, 1)];
    // The same fresh samples (the memory draws from its own stream), a different loss and different weights.
    expect(second[1]!.arcs).toEqual(second[0]!.arcs);
    expect(second[1]!.losses[0]).not.toBe(second[0]!.losses[0]);
    const changed = Object.keys(second[0]!.weights).filter((k) => second[0]!.weights[k]!.some((v, i) => v !== second[1]!.weights[k]![i]));
    expect(changed.length).toBeGreaterThan(0);
    plain.dispose();
    memory.dispose();
  });

  it.each(Object.keys(spaces))('samples, learns and traces its hidden state on the %s space', async (name) => {
    const { space, decisions } = spaces[name]!;
    const strategy = createStrategy(memoryConfig({ memorySize: 4, replaySize: 2 }), space, 3);
    const phase = await runControllerPhase(strategy, reward, { updates: 3 });
    for (const sample of phase.samples) {
      expect(() => space.decode(sample.tokens)).not.toThrow();
      expect(sample.hidden?.width).toBe(8);
      expect(sample.hidden?.values.length).toBe(decisions * 8);
    }
    const state = strategy.getState();
    expect(state.strategy === 'enas-memory' && state.memory.entries.length).toBe(4);
    strategy.dispose();
  });

  it('resumes from its state with the same memory draws and the same samples as an uninterrupted run', async () => {
    const config = memoryConfig({ memorySize: 5, replaySize: 4 });
    const straight = createStrategy(config, micro, 5);
    await afterUpdates(straight, 2);
    const saved = straight.getState();
    const expected = await afterUpdates(straight, 2);
    const resumed = createStrategy(config, micro, 99);
    resumed.setState(saved);
    expect(await afterUpdates(resumed, 2)).toEqual(expected);
    straight.dispose();
    resumed.dispose();
  });

  it('refuses a bad batch and changes nothing, memory included', async () => {
    const strategy = createStrategy(memoryConfig({}), micro, 2);
    await afterUpdates(strategy, 2);
    const before = strategy.getState();
    const sample = strategy.sample();
    let code: string | undefined;
    try {
      strategy.update([{ ...sample, reward: NaN }]);
    } catch (err) {
      code = err instanceof EnasError ? err.code : String(err);
    }
    expect(code).toBe('STRATEGY_BAD_REWARD');
    const after = strategy.getState();
    expect(after.strategy === 'enas-memory' && before.strategy === 'enas-memory' && after.memory).toEqual(before.strategy === 'enas-memory' && before.memory);
    expect(weightsOf(strategy)).toEqual(Object.fromEntries(Object.entries(before.strategy === 'enas-memory' ? before.controller.weights : {}).map(([k, w]) => [k, Array.from(w.values)])));
    strategy.dispose();
  });

  it('refuses to restore an enas state', () => {
    const strategy = createStrategy(memoryConfig({}), micro, 2);
    const plain = createStrategy(enasConfig, micro, 2);
    expect(() => strategy.setState(plain.getState())).toThrow(/cannot restore a enas state/);
    strategy.dispose();
    plain.dispose();
  });
});
