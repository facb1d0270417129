/**
 * The `parsec` strategy (Casale, Gordon & Fusi, "Probabilistic Neural Architecture Search", 2019): a prior
 * over architectures that factorises over the space's decisions, one categorical per arc token with its
 * own logits π_p (uniform at the start), learned from the rewards. Works on every space, since every space
 * is described by its `tokenChoices` (search-space.ts).
 *
 * An update with K scored samples α_1…α_K ascends the paper's Monte-Carlo gradient of the log marginal
 * likelihood, ∇π log E_{α∼p(·|π)}[L(α)] ≈ Σ_k w_k ∇π log p(α_k | π), with self-normalised importance
 * weights w_k = softmax_k(reward_k / τ): the paper's validation likelihood L(α) is replaced by
 * exp(reward / τ), so an architecture one τ of reward better weighs e times more. For one categorical
 * ∇π_p log p(α) = onehot(α_p) − softmax(π_p), so the gradient is Σ_k w_k onehot(α_kp) − softmax(π_p):
 * the weighted choice frequencies minus the current probabilities. The step is Adam's (β1 0.9, β2 0.999,
 * ε 1e-8, bias-corrected), plain arrays, no tensors.
 */
import type { ParsecConfig } from '../../shared/config/strategy';
import { EnasError } from '../../shared/errors';
import { checkScoredBatch } from '../controller/scored-batch';
import { createPrng, createPrngFromState } from '../random/prng';
import type { Prng, PrngState } from '../random/prng';
import type { SearchSpace } from '../spaces/search-space';
import type { Strategy } from './strategy';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export interface ParsecState {
  readonly strategy: 'parsec';
  readonly step: number;
  readonly prng: PrngState;
  /** Logits of every decision, concatenated in arc order (Σ tokenChoices values). */
  readonly logits: readonly number[];
  readonly adamM: readonly number[];
  readonly adamV: readonly number[];
}

function softmax(logits: Float64Array, start: number, n: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[start + i]!);
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i] = Math.exp(logits[start + i]! - max);
  for (let i = 0; i < n; i++) out[i]! /= sum;
  return out;
}

export function createParsecStrategy(space: SearchSpace<unknown>, config: ParsecConfig, seed: number): Strategy {
  const choices = space.tokenChoices;
  const offsets = choices.map((_, p) => choices.slice(0, p).reduce((a, n) => a + n, 0));
  const size = choices.reduce((a, n) => a + n, 0);
  let prng: Prng = createPrng(seed);
  let step = 0;
  const logits = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);

  const probabilities = () => choices.map((n, p) => softmax(logits, offsets[p]!, n));

  return {
    name: 'parsec',
    phase: { updates: config.trainSteps, samplesPerUpdate: config.numAggregate },
    sample() {
      const probs = probabilities();
      let logProb = 0;
      let entropy = 0;
      const tokens = probs.map((pr) => {
        for (const q of pr) if (q > 0) entropy -= q * Math.log(q);
        const u = prng.next();
        let acc = 0;
        let choice = pr.length - 1;
        for (let i = 0; i < pr.length; i++) {
          acc += pr[i]!;
          if (u < acc) {
            choice = i;
            break;
          }
        }
        logProb += Math.log(pr[choice]!);
        return choice;
      });
      return { tokens, logProb, entropy };
    },
    update(batch) {
      checkScoredBatch(batch, space, 'parsec');
      const maxReward = Math.max(...batch.map((b) => b.reward));
      const raw = batch.map((b) => Math.exp((b.reward - maxReward) / config.rewardTemperature));
      const total = raw.reduce((a, w) => a + w, 0);
      const weights = raw.map((w) => w / total);
      const probs = probabilities();
      const grad = new Float64Array(size);
      choices.forEach((n, p) => {
        for (let i = 0; i < n; i++) grad[offsets[p]! + i] = -probs[p]![i]!;
      });
      batch.forEach((item, k) => {
        item.tokens.forEach((token, p) => (grad[offsets[p]! + token]! += weights[k]!));
      });
      const t = step + 1;
      const rate = (config.learningRate * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      for (let i = 0; i < size; i++) {
        const g = grad[i]!;
        m[i] = BETA1 * m[i]! + (1 - BETA1) * g;
        v[i] = BETA2 * v[i]! + (1 - BETA2) * g * g;
        // Ascent: the gradient is of a quantity to maximise.
        logits[i]! += (rate * m[i]!) / (Math.sqrt(v[i]!) + EPSILON);
      }
      step = t;
      const gradNorm = Math.sqrt(grad.reduce((a, g) => a + g * g, 0));
      return {
        step,
        samples: batch.length,
        meanReward: batch.reduce((acc, item) => acc + item.reward, 0) / batch.length,
        meanEntropy: batch.reduce((acc, item) => acc + item.entropy, 0) / batch.length,
        loss: null,
        baseline: null,
        gradNorm,
      };
    },
    getState() {
      return { strategy: 'parsec', step, prng: prng.state(), logits: [...logits], adamM: [...m], adamV: [...v] };
    },
    setState(state) {
      if (state.strategy !== 'parsec') {
        throw new EnasError('STRATEGY_BAD_STATE', `parsec strategy: cannot restore a ${state.strategy} state`);
      }
      if (!Number.isSafeInteger(state.step) || state.step < 0) {
        throw new EnasError('STRATEGY_BAD_STATE', `parsec state: step must be a non-negative integer, got ${state.step}`);
      }
      for (const [key, values] of [['logits', state.logits], ['adamM', state.adamM], ['adamV', state.adamV]] as const) {
        if (!Array.isArray(values) || values.length !== size || values.some((x) => !Number.isFinite(x))) {
          throw new EnasError('STRATEGY_BAD_STATE', `parsec state: ${key} must be ${size} finite numbers for this space`);
        }
      }
      let restored: Prng;
      try {
        restored = createPrngFromState(state.prng);
      } catch (err) {
        throw new EnasError('STRATEGY_BAD_STATE', `parsec state: ${err instanceof Error ? err.message : String(err)}`);
      }
      logits.set(state.logits);
      m.set(state.adamM);
      v.set(state.adamV);
      prng = restored;
      step = state.step;
    },
    dispose() {
      // Nothing to free: no tensors.
    },
  };
}
