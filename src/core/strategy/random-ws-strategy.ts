/**
 * The `random-ws` strategy: random search with weight sharing (Li & Talwalkar, "Random Search and
 * Reproducibility for Neural Architecture Search", UAI 2019). Children are drawn uniformly over the
 * space's token sequences with `space.sampleUniform`, so the supernet is trained on them exactly as under
 * ENAS; nothing is learned from rewards, so `update` only checks the batch and reports its statistics.
 * Log-probability and entropy are the uniform distribution's own: every decision p has
 * `tokenChoices[p]` equally likely options.
 */
import { EnasError } from '../../shared/errors';
import { checkScoredBatch } from '../controller/scored-batch';
import { createPrng, createPrngFromState } from '../random/prng';
import type { Prng } from '../random/prng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy, StrategySample } from './strategy';

/**
 * `tokens` as a sample of the uniform distribution over the space: log p = −Σ_p ln(choices_p) for every arc,
 * and the entropy is its negative.
 */
export function uniformSample(space: SearchSpace<unknown>, tokens: readonly number[]): StrategySample {
  const entropy = space.tokenChoices.reduce((acc, n) => acc + Math.log(n), 0);
  return { tokens, logProb: -entropy, entropy };
}

export function createRandomWsStrategy(space: SearchSpace<unknown>, seed: number): Strategy {
  let prng: Prng = createPrng(seed);
  let step = 0;
  return {
    name: 'random-ws',
    phase: { updates: 0, samplesPerUpdate: 1 },
    sample() {
      return uniformSample(space, space.encode(space.sampleUniform(prng)));
    },
    update(batch) {
      checkScoredBatch(batch, space, 'random-ws');
      step += 1;
      return {
        step,
        samples: batch.length,
        meanReward: batch.reduce((acc, item) => acc + item.reward, 0) / batch.length,
        meanEntropy: batch.reduce((acc, item) => acc + item.entropy, 0) / batch.length,
        loss: null,
        baseline: null,
        gradNorm: null,
      };
    },
    getState() {
      return { strategy: 'random-ws', step, prng: prng.state() };
    },
    setState(state) {
      if (state.strategy !== 'random-ws') {
        throw new EnasError('STRATEGY_BAD_STATE', `random-ws strategy: cannot restore a ${state.strategy} state`);
      }
      if (!Number.isSafeInteger(state.step) || state.step < 0) {
        throw new EnasError('STRATEGY_BAD_STATE', `random-ws state: step must be a non-negative integer, got ${state.step}`);
      }
      try {
        prng = createPrngFromState(state.prng);
      } catch (err) {
        throw new EnasError('STRATEGY_BAD_STATE', `random-ws state: ${err instanceof Error ? err.message : String(err)}`);
      }
      step = state.step;
    },
    dispose() {
      // Nothing to free: no tensors.
    },
  };
}
