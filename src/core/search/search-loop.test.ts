/**
 * The search loop and derive with a scripted task: a NaN loss ends the search with SEARCH_DIVERGED, a finite
 * loss spike whose perplexity overflows does not, and a single child whose score overflows is reported
 * `failed` with reward 0 (and never ranked by derive) while the search goes on.
 */
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../shared/config/run';
import { resolvePreset } from '../../shared/config/presets';
import type { ArchitectureSampled } from '../../shared/protocol';
import { EnasError } from '../../shared/errors';
import { createSearchSpace } from '../spaces';
import { createStrategy } from '../strategy/create-strategy';
import { deriveArchitectures } from './derive';
import type { EngineEvent } from './search-hooks';
import { runSearch } from './search-loop';
import type { ChildScore, SearchTask } from './search-task';

const base = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'random-ws', backend: 'cpu', seed: 1 });
const config = runConfigSchema.parse({
  ...base,
  preset: 'custom',
  space: { space: 'rnn', numNodes: 3, numActivations: 4 },
  search: { ...base.search, epochs: 1, childStepsPerEpoch: 3, randomScoresPerEpoch: 4, deriveSamples: 6, deriveTopK: 6 },
});
const space = createSearchSpace(config.space);

/** A language-model-like task whose losses and scores come from the given functions. */
function scriptedTask(loss: (step: number) => number, perplexity: (tokens: readonly number[]) => number): SearchTask {
  let step = 0;
  const score = async (tokens: readonly number[]): Promise<ChildScore> => {
    const ppl = perplexity(tokens);
    return { reward: config.search.rewardC / ppl, validScore: ppl };
  };
  return {
    batchesPerEpoch: 3,
    higherIsBetter: false,
    scoreName: 'perplexity',
    async trainStep() {
      const l = loss(step++);
      return { metrics: { 'child/loss': l, 'child/perplexity': Math.exp(l) } };
    },
    reward: score,
    score,
    paramCount: () => 1,
    // A cost that grows with node 0's activation: 100, 200, 300, 400 parameters.
    costs: { cost: (tokens) => ({ params: 100 * (1 + (tokens[0] ?? 0)), flops: 1000 }), largest: { params: 400, flops: 1000 }, largestTokens: [] },
    getState: async () => ({ weights: {}, optimizer: null, prngs: {}, orders: {}, extra: null }),
    setState: () => undefined,
    dispose: () => undefined,
  };
}

function run(task: SearchTask, events: EngineEvent[], schedule = config.search) {
  const strategy = createStrategy(config.strategy, space, config.seed);
  const common = { task, strategy, space, schedule, signal: { aborted: false }, clock: () => 0, seed: config.seed };
  const hooks = { emit: (e: EngineEvent) => void events.push(e), checkpoint: async () => undefined };
  return { strategy, common, hooks };
}

const sampled = (events: EngineEvent[], phase: string): ArchitectureSampled[] =>
  events.filter((e): e is ArchitectureSampled => e.type === 'architecture-sampled' && e.phase === phase);

describe('the search loop when numbers overflow', () => {
  it('survives a finite loss spike that overflows the perplexity, leaving that metric out, and ends on a NaN loss', async () => {
    const events: EngineEvent[] = [];
    const { common, hooks } = run(scriptedTask((step) => (step === 1 ? 1e5 : step === 2 ? NaN : 5), () => 100), events);
    const err = await runSearch({ ...common, child: config.child, checkpointEvery: 50, hooks }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnasError);
    expect((err as EnasError).code).toBe('SEARCH_DIVERGED');
    expect((err as EnasError).message).toMatch(/at step 2 .*child loss became NaN/);
    const steps = events.filter((e) => e.type === 'step-metrics') as Extract<EngineEvent, { type: 'step-metrics' }>[];
    // Step 1's loss was reported, its overflowed perplexity was not; the NaN step 2 was not reported at all.
    expect(steps.map((e) => e.step)).toEqual([0, 1]);
    expect(steps[1]?.metrics).toEqual({ 'child/loss': 1e5 });
    expect(steps[0]?.metrics['child/perplexity']).toBeCloseTo(Math.exp(5), 6);
  });

  it('reports a child whose perplexity overflows as failed with reward 0, and derive never ranks it', async () => {
    const events: EngineEvent[] = [];
    // Children whose node 0 uses activation 1 overflow; the others score 50.
    const overflows = (tokens: readonly number[]): boolean => tokens[0] === 1;
    const task = scriptedTask(() => 5, (tokens) => (overflows(tokens) ? Infinity : 50));
    const { common, hooks, strategy } = run(task, events);
    const outcome = await runSearch({ ...common, child: config.child, checkpointEvery: 50, hooks });
    expect(outcome.stopped).toBe(false);
    const derived = await deriveArchitectures({ ...common, hooks, seq: outcome.position.seq, step: outcome.position.step, epoch: 1 });
    const scored = [...sampled(events, 'controller'), ...sampled(events, 'derive')];
    const failed = scored.filter((s) => s.status === 'failed');
    // Uniform samples over 4 activations: with this seed some of the 10 scored children overflow.
    expect(failed.length).toBeGreaterThan(0);
    for (const s of scored) {
      const bad = overflows(s.arc.split(' ').map(Number));
      expect(s.status, s.arc).toBe(bad ? 'failed' : 'ok');
      if (bad) {
        expect(s.validScore).toBeNull();
        expect(s.reason).toMatch(/perplexity overflowed/);
        if (s.phase === 'controller') expect(s.reward).toBe(0);
      } else {
        expect(s.validScore).toBe(50);
      }
    }
    expect(derived.length).toBeGreaterThan(0);
    for (const d of derived) expect(d.score).toBe(50);
    strategy.dispose();
  });
});

describe('the search loop under a cost objective', () => {
  const objectiveRun = async (objective: unknown) => {
    const events: EngineEvent[] = [];
    const schedule = runConfigSchema.parse({ ...config, search: { ...config.search, objective } }).search;
    const { common, hooks, strategy } = run(scriptedTask(() => 5, () => 50), events, schedule);
    await runSearch({ ...common, child: config.child, checkpointEvery: 50, hooks });
    strategy.dispose();
    return sampled(events, 'controller');
  };

  it('gives reward 0 to every scored child over the budget and the plain reward to the others', async () => {
    const scored = await objectiveRun({ kind: 'budget', cost: 'params', limit: 250 });
    expect(scored.length).toBe(4);
    expect(new Set(scored.map((s) => (s.params ?? 0) > 250))).toEqual(new Set([true, false]));
    for (const s of scored) expect(s.reward, s.arc).toBe((s.params ?? 0) > 250 ? 0 : 80 / 50);
  });

  it('subtracts beta times the cost over the largest, and records the cost of every sample', async () => {
    const scored = await objectiveRun({ kind: 'weighted', cost: 'params', beta: 0.5 });
    for (const s of scored) {
      expect(s.params, s.arc).toBe(100 * (1 + Number(s.arc.split(' ')[0])));
      expect(s.flops).toBe(1000);
      expect(s.reward ?? NaN).toBeCloseTo(80 / 50 - (0.5 * (s.params ?? 0)) / 400, 12);
    }
  });
});
