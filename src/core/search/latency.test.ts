/**
 * Inference latency (search.latencyRepeats): the measurement of a real fixed network, the meter that measures
 * each architecture once and the costliest one only when a weighted objective needs it, the objective's
 * reward on latency, and the derive ranking under a latency budget.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { microChildSchema } from '../../shared/config/child';
import { resolvePreset } from '../../shared/config/presets';
import { runConfigSchema, searchScheduleSchema } from '../../shared/config/run';
import type { SearchSchedule } from '../../shared/config/run';
import { createPrng } from '../random/prng';
import { createSearchSpace } from '../spaces';
import { createStrategy } from '../strategy/create-strategy';
import { deriveArchitectures } from './derive';
import { imageSetup } from './image-setup';
import { measureImageLatency, median } from './image-latency';
import { latencyMeterFor } from './latency-meter';
import { objectiveReward } from './objective-reward';
import type { EngineEvent } from './search-hooks';
import type { ChildScore, SearchTask } from './search-task';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const micro = { space: 'micro', numNodes: 2, numBranches: 5 } as const;
const microSpace = createSearchSpace(micro);
const nb201 = createSearchSpace({ space: 'nb201' });
const input = { height: 8, width: 8, channels: 3, numClasses: 5 };

describe('measureImageLatency', () => {
  it('times the fixed network at batch 1 on a clock, takes the median after a warm-up, and frees what it built', async () => {
    const setup = imageSetup(micro, microChildSchema.parse({ space: 'micro', numLayers: 1, outFilters: 4 }));
    const tokens = microSpace.encode(microSpace.sampleUniform(createPrng(2)));
    // A clock that advances 1, 2, 3, … ms per reading: passes take 1, 1, …; the warm-up is not among them.
    let t = 0;
    let step = 0;
    const readings: number[] = [];
    const clock = () => {
      t += ++step;
      readings.push(t);
      return t;
    };
    const before = tf.memory().numTensors;
    const ms = await measureImageLatency(setup, input, tokens, 3, clock);
    expect(tf.memory().numTensors).toBe(before);
    // Readings 1 (warm-up start, its end is not timed), then passes (3 → 6), (10 → 15), (21 → 28): 3, 5, 7 ms.
    expect(readings).toEqual([1, 3, 6, 10, 15, 21, 28]);
    expect(ms).toBe(5);
    const real = await measureImageLatency(setup, input, tokens, 2, () => performance.now());
    expect(real).toBeGreaterThan(0);
    expect(Number.isFinite(real)).toBe(true);
    await expect(measureImageLatency(setup, input, tokens, 0, clock)).rejects.toThrow(/repeats must be a positive integer/);
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

/** A scripted micro task: the first token's value a gives accuracy 0.5 + 0.1·a and a latency of 10·(1 + a) ms. */
function scriptedTask(calls: string[]): SearchTask {
  const score = async (tokens: readonly number[]): Promise<ChildScore> => ({ reward: 0.5 + 0.1 * (tokens[0] ?? 0), validScore: 0.5 + 0.1 * (tokens[0] ?? 0) });
  return {
    batchesPerEpoch: 1,
    higherIsBetter: true,
    scoreName: 'accuracy',
    trainStep: async () => ({ metrics: {} }),
    reward: score,
    score,
    paramCount: () => 1,
    costs: { cost: () => ({ params: 1, flops: 1 }), largest: { params: 1, flops: 1 }, largestTokens: [3, 3, 3, 3, 3, 3] },
    latency: async (tokens) => {
      calls.push(tokens.join(' '));
      return 10 * (1 + (tokens[0] ?? 0));
    },
    getState: async () => ({ weights: {}, optimizer: null, prngs: {}, orders: {}, extra: null }),
    setState: () => undefined,
    dispose: () => undefined,
  };
}

const schedule = (overrides: Partial<SearchSchedule>): SearchSchedule => searchScheduleSchema.parse({ ...resolvePreset({ preset: 'quick', space: 'micro', strategy: 'random-ws', backend: 'cpu', seed: 1 }).search, ...overrides });

describe('the latency meter', () => {
  it('measures an architecture once, and nothing when the run measures no latency', async () => {
    const calls: string[] = [];
    const task = scriptedTask(calls);
    const meter = latencyMeterFor(task, nb201, schedule({ latencyRepeats: 3 }));
    expect(latencyMeterFor(task, nb201, schedule({ latencyRepeats: 3 }))).toBe(meter);
    const arc = [2, 0, 1, 3, 0, 1];
    expect(await meter.of(arc)).toBe(30);
    expect(await meter.of(arc)).toBe(30);
    expect(calls).toEqual([arc.join(' ')]);
    expect(await meter.cost(arc)).toEqual({ params: 1, flops: 1, latency: 30 });
    expect((await meter.largest()).latency).toBeNull();

    const off = latencyMeterFor(scriptedTask(calls), nb201, schedule({ latencyRepeats: 0 }));
    expect(await off.of(arc)).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it('measures the costliest architecture as the scale of a weighted objective on latency', async () => {
    const calls: string[] = [];
    const meter = latencyMeterFor(scriptedTask(calls), nb201, schedule({ latencyRepeats: 1, objective: { kind: 'weighted', cost: 'latency', beta: 0.5 } }));
    expect((await meter.largest()).latency).toBe(40);
    expect(calls).toEqual(['3 3 3 3 3 3']);
  });
});

describe('an objective on latency', () => {
  it('caps or penalises by the measured latency, and refuses an architecture whose latency was not measured', () => {
    const cost = { params: 1, flops: 1, latency: 12 };
    expect(objectiveReward({ kind: 'budget', cost: 'latency', limit: 10 }, 0.9, cost, cost)).toBe(0);
    expect(objectiveReward({ kind: 'budget', cost: 'latency', limit: 12 }, 0.9, cost, cost)).toBe(0.9);
    expect(objectiveReward({ kind: 'weighted', cost: 'latency', beta: 0.2 }, 0.9, cost, { ...cost, latency: 24 })).toBeCloseTo(0.8, 12);
    expect(() => objectiveReward({ kind: 'budget', cost: 'latency', limit: 10 }, 0.9, { params: 1, flops: 1 }, cost)).toThrow(/needs the sampled architecture's latency, which was not measured/);
  });

  it('is refused by the run config without latency repeats, and on the rnn space', () => {
    const base = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', backend: 'cpu', seed: 1 });
    const objective = { kind: 'budget', cost: 'latency', limit: 5 } as const;
    expect(runConfigSchema.safeParse({ ...base, search: { ...base.search, objective } }).error?.issues[0]?.message).toMatch(
      /a budget objective on latency needs search.latencyRepeats ≥ 1/,
    );
    expect(runConfigSchema.safeParse({ ...base, search: { ...base.search, objective, latencyRepeats: 3 } }).success).toBe(true);
    const rnn = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'enas', backend: 'cpu', seed: 1 });
    expect(runConfigSchema.safeParse({ ...rnn, search: { ...rnn.search, latencyRepeats: 3 } }).error?.issues[0]?.message).toMatch(/image spaces only/);
  });

  it('makes the derive rank the candidates within a latency budget first, each measured once, latency in every derive sample', async () => {
    const calls: string[] = [];
    const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'random-ws', backend: 'cpu', seed: 5 });
    const events: EngineEvent[] = [];
    const strategy = createStrategy(config.strategy, createSearchSpace(config.space), config.seed);
    const space = createSearchSpace(config.space);
    const derived = await deriveArchitectures({
      task: scriptedTask(calls),
      strategy,
      space,
      schedule: schedule({ deriveSamples: 40, deriveTopK: 3, deriveRescoreTopN: 0, latencyRepeats: 2, objective: { kind: 'budget', cost: 'latency', limit: 25 } }),
      hooks: { emit: (e) => void events.push(e) },
      signal: { aborted: false },
      clock: () => 0,
      seq: 0,
      step: 0,
      epoch: 1,
      seed: config.seed,
    });
    strategy.dispose();
    // Within 25 ms: first tokens 0 and 1 (10, 20 ms); 1 is more accurate.
    expect(derived.map((d) => Number(d.arc.split(' ')[0]))).toEqual([1, 1, 1]);
    const samples = events.flatMap((e) => (e.type === 'architecture-sampled' ? [e] : []));
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s.latencyMs).toBe(10 * (1 + Number(s.arc.split(' ')[0])));
    expect(new Set(calls).size).toBe(calls.length);
  });
});
