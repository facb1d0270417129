/**
 * Time-based checkpoints in phase 1: with slow steps (40 s each on the loop's clock) and step-based
 * checkpoints too far apart to matter (every 50 steps), a kill after any step loses at most the interval
 * (2 minutes) of shared-weight training, and every phase still ends with its own checkpoint.
 */
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { resolvePreset } from '../../shared/config/presets';
import { runConfigSchema } from '../../shared/config/run';
import { createSearchSpace } from '../spaces';
import { createStrategy } from '../strategy/create-strategy';
import type { EngineEvent } from './search-hooks';
import { DEFAULT_CHECKPOINT_INTERVAL_MS, runSearch } from './search-loop';
import type { SearchPosition, SearchState } from './search-loop';
import type { SearchTask } from './search-task';

const STEP_MS = 40_000;
const STEPS = 20;
const base = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'random-ws', backend: 'cpu', seed: 1 });
const config = runConfigSchema.parse({
  ...base,
  preset: 'custom',
  space: { space: 'rnn', numNodes: 3, numActivations: 4 },
  search: { ...base.search, epochs: 2, childStepsPerEpoch: STEPS, randomScoresPerEpoch: 2 },
});

async function searchWithSlowSteps(intervalMs?: number): Promise<{ checkpoints: { at: number; position: SearchPosition }[]; stepEnds: { at: number; step: number }[] }> {
  let now = 0;
  const checkpoints: { at: number; position: SearchPosition }[] = [];
  const stepEnds: { at: number; step: number }[] = [];
  let step = 0;
  const task: SearchTask = {
    batchesPerEpoch: STEPS,
    higherIsBetter: false,
    scoreName: 'perplexity',
    async trainStep() {
      now += STEP_MS;
      stepEnds.push({ at: now, step: ++step });
      return { metrics: { 'child/loss': 5 } };
    },
    reward: async () => ({ reward: 1, validScore: 80 }),
    score: async () => ({ reward: 1, validScore: 80 }),
    paramCount: () => 1,
    costs: { cost: (tokens) => ({ params: 100 + tokens.length, flops: 1000 }), largest: { params: 1000, flops: 1000 }, largestTokens: [] },
    getState: async () => ({ weights: {}, optimizer: null, prngs: {}, orders: {}, extra: null }),
    setState: () => undefined,
    dispose: () => undefined,
  };
  const space = createSearchSpace(config.space);
  await runSearch({
    task,
    strategy: createStrategy(config.strategy, space, config.seed),
    space,
    schedule: config.search,
    child: config.child,
    checkpointEvery: 50,
    seed: config.seed,
    ...(intervalMs === undefined ? {} : { checkpointIntervalMs: intervalMs }),
    hooks: {
      emit: (_e: EngineEvent) => undefined,
      checkpoint: async (state: SearchState) => void checkpoints.push({ at: now, position: state.position }),
    },
    signal: { aborted: false },
    clock: () => now,
  });
  return { checkpoints, stepEnds };
}

describe('time-based checkpoints', () => {
  it('a kill after any phase-1 step loses at most the interval (default 2 minutes)', async () => {
    const { checkpoints, stepEnds } = await searchWithSlowSteps();
    for (const end of stepEnds) {
      // The newest checkpoint written by the time this step ended is where a kill right now resumes from.
      const last = checkpoints.filter((c) => c.at <= end.at).at(-1)?.at ?? 0;
      expect(end.at - last, `kill after step ${end.step}`).toBeLessThanOrEqual(DEFAULT_CHECKPOINT_INTERVAL_MS);
    }
    // Every 3 steps (120 s) inside phase 1, and the ends of both phases of both epochs.
    const phase1 = checkpoints.filter((c) => c.position.stage === 'child' && c.position.childStep > 0).map((c) => c.position.childStep);
    expect(phase1).toEqual([3, 6, 9, 12, 15, 18, 3, 6, 9, 12, 15, 18]);
    expect(checkpoints.filter((c) => c.position.stage === 'controller').map((c) => c.position.epoch)).toEqual([0, 1]);
    expect(checkpoints.filter((c) => c.position.stage === 'child' && c.position.childStep === 0).map((c) => c.position.epoch)).toEqual([1, 2]);
  });

  it('follows a shorter interval when given one', async () => {
    const { checkpoints } = await searchWithSlowSteps(STEP_MS);
    const phase1 = checkpoints.filter((c) => c.position.stage === 'child' && c.position.epoch === 0).map((c) => c.position.childStep);
    expect(phase1).toEqual(Array.from({ length: STEPS - 1 }, (_, i) => i + 1));
  });
});
