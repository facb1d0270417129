/**
 * The ENAS controller of the nb201 space in plain TypeScript arithmetic: the same network (nb201-policy.ts: a
 * one-layer LSTM from `g_emb`, one op decision per edge, logits from `w_soft` shaped by temperature and tanh
 * bound, the chosen op's embedding as the next input), the same initial weights and Prng stream
 * (controller-params.ts), the same REINFORCE rule (reinforce-advantages.ts) and the same Adam (adam.ts's
 * formulas), with its gradient written out by hand instead of taken by tfjs's tape. Weights and moments are
 * float32 as in tfjs; sums run in float64, so results agree with the tfjs controller to float32 rounding
 * (js-controller.test.ts compares samples, losses, gradient norms and weights update by update).
 *
 * Why a second implementation: this controller is all a tabular search computes, and at 6 decisions and 64
 * units tfjs spends its time dispatching ~900 tiny kernels per update (7.1 ms on wasm) rather than in the
 * arithmetic (~1.5 M multiply-adds); written out, an update of 5 samples costs 1.8 ms and a sample 0.18 ms
 * (PyTorch: 2.2 and 0.35 ms; bench/README.md, "The tabular controller"). The arithmetic is plain-nb201-policy.ts; an update reuses the forward
 * pass of each architecture sampled since the last change of the weights instead of running it again.
 *
 * Only what the nb201 policy uses is implemented: one LSTM layer and no weightless-op penalty
 * ({@link jsControllerUnsupported} names what is missing); the tfjs controller (controller.ts) runs every other
 * configuration. The state format is the tfjs controller's, so either resumes the other's checkpoint.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import type { AnySpaceConfig } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import type { Prng } from '../random/prng';
import type { SearchSpace } from '../spaces/search-space';
import { adamCorrections, BETA2 } from './adam';
import type { AdamMomentsSnapshot } from './adam';
import { drawIndex } from './categorical';
import type { Controller, ReplayTerm } from './controller';
import { initialControllerWeights } from './controller-params';
import { checkControllerState } from './controller-state';
import type { ControllerState } from './controller-state';
import { checkUpdate, clipScale, restoredPrng, updateStats } from './controller-update';
import { batchAdvantages, replayAdvantages } from './reinforce-advantages';
import type { SampledTokens } from './sampling-sink';
import { plainForward, plainGradient, plainPolicyWeights, refreshPlainPolicyWeights } from './plain-nb201-policy';
import type { PlainPolicyShape, PlainTrace } from './plain-nb201-policy';

/** Forward passes of recent samples kept for the next update (a controller phase samples numAggregate, then updates). */
const TRACE_CACHE = 64;

/** Why the plain controller cannot run `config` on `space`; null when it can. */
export function jsControllerUnsupported(space: AnySpaceConfig, config: ControllerConfig): string | null {
  if (space.space !== 'nb201') return `the ${space.space} policy is only in the tfjs controller`;
  if (config.lstmNumLayers !== 1) return `${config.lstmNumLayers} LSTM layers (the plain controller has one)`;
  if (config.weightlessWeight > 0) return 'the weightless-op penalty (tfjs controller only)';
  return null;
}

export function createJsController(space: SearchSpace<unknown>, config: ControllerConfig, seed: number): Controller {
  const why = jsControllerUnsupported(space.config, config);
  if (why !== null) throw new EnasError('INTERNAL', `plain controller: ${why}`);
  let prng: Prng = createPrng(seed);
  const initial = initialControllerWeights(space.config, config, prng);
  const shapes = new Map(initial.map((w) => [w.name, w.shape as readonly number[]]));
  const weights = new Map(initial.map((w) => [w.name, w.values]));
  const moments = new Map(initial.map((w) => [w.name, { m: new Float32Array(w.values.length), v: new Float32Array(w.values.length) }]));
  const official = (name: string): Float32Array => weights.get(name) as Float32Array;
  const shape: PlainPolicyShape = {
    units: config.lstmSize,
    ops: official('emb/w').length / config.lstmSize,
    edges: space.arcLength,
    temperature: config.temperature,
    tanhBound: config.tanhConstant,
  };
  const working = plainPolicyWeights(shape);
  refreshPlainPolicyWeights(working, shape, official);
  const gradient = plainGradient(shape, working);
  // Forward passes under the current weights, by arc; emptied whenever the weights change.
  const traces = new Map<string, PlainTrace>();
  const remember = (trace: PlainTrace): void => {
    if (traces.size >= TRACE_CACHE) traces.delete(traces.keys().next().value as string);
    traces.set(trace.tokens.join(','), trace);
  };
  const weightsChanged = (): void => {
    refreshPlainPolicyWeights(working, shape, official);
    traces.clear();
  };
  const teacherForced = (tokens: readonly number[]): PlainTrace =>
    traces.get(tokens.join(',')) ?? plainForward(shape, working, (edge) => tokens[edge]!);
  let step = 0;
  let baseline = 0;

  /** adam.ts's update (its `tf1` and `kingma-ba` forms), in float64, stored as float32 as tfjs stores it. */
  const applyAdam = (grads: ReadonlyMap<string, Float64Array>, scale: number, t: number): void => {
    const beta1 = config.adamBeta1;
    const { mCorrection, vCorrection } = adamCorrections(beta1, t);
    const stepSize = (config.learningRate * Math.sqrt(vCorrection)) / mCorrection;
    const epsilon = config.adamEpsilon;
    const tf1 = config.adamCorrection === 'tf1';
    for (const [name, grad] of grads) {
      const theta = official(name);
      const { m, v } = moments.get(name)!;
      for (let k = 0; k < theta.length; k++) {
        const g = grad[k]! * scale;
        m[k] = beta1 * m[k]! + (1 - beta1) * g;
        v[k] = BETA2 * v[k]! + (1 - BETA2) * g * g;
        theta[k] = tf1
          ? theta[k]! - (stepSize * m[k]!) / (Math.sqrt(v[k]!) + epsilon)
          : theta[k]! - (config.learningRate * (m[k]! / mCorrection)) / (Math.sqrt(v[k]! / vCorrection) + epsilon);
      }
    }
  };

  return {
    sample() {
      const trace = plainForward(shape, working, (_edge, logProbs) => drawIndex(logProbs, prng));
      remember(trace);
      const ops = shape.ops;
      return {
        tokens: [...trace.tokens],
        logProb: trace.logProb,
        entropy: trace.entropy,
        skipPenalty: null,
        skipCount: null,
        decisions: trace.tokens.map((choice, edge) => ({ kind: 'op' as const, position: edge, logits: trace.logits.slice(edge * ops, (edge + 1) * ops), choice })),
        hidden: { width: shape.units, values: Float32Array.from(trace.h) },
      } satisfies SampledTokens;
    },

    logProb(arcs) {
      arcs.forEach((tokens) => space.decode(tokens));
      return arcs.map((tokens) => teacherForced(tokens).logProb);
    },

    update(batch, replay?: ReplayTerm) {
      const replayed = checkUpdate(batch, replay, space);
      const { advantages, baseline: nextBaseline } = batchAdvantages(batch, config, baseline, step);
      // loss = mean over the batch of −log p·(r − b) [+ weight · mean over the replayed of −log p·(r − b)].
      const terms = batch.map((item, r) => ({ tokens: item.tokens, coef: advantages[r]! / batch.length }));
      if (replayed !== null) {
        const replayedAdvantages = replayAdvantages(replayed.items, nextBaseline, config);
        replayed.items.forEach((item, r) => terms.push({ tokens: item.tokens, coef: (replayed.weight * replayedAdvantages[r]!) / replayed.items.length }));
      }
      gradient.reset();
      let loss = 0;
      for (const { tokens, coef } of terms) {
        const trace = teacherForced(tokens);
        gradient.add(trace, coef);
        loss += coef * -trace.logProb;
      }
      const grads = gradient.finish();
      let squares = 0;
      for (const g of grads.values()) for (const x of g) squares += x * x;
      const gradNorm = Math.sqrt(squares);
      applyAdam(grads, clipScale(step, loss, gradNorm, config), step + 1);
      weightsChanged();
      step += 1;
      baseline = nextBaseline;
      return updateStats(step, loss, baseline, gradNorm, batch);
    },

    getState() {
      const adam: Record<string, AdamMomentsSnapshot> = {};
      for (const [name, { m, v }] of moments) adam[name] = { m: Float32Array.from(m), v: Float32Array.from(v) };
      return {
        step,
        baseline,
        prng: prng.state(),
        weights: Object.fromEntries([...weights].map(([name, values]) => [name, { shape: [...shapes.get(name)!], values: Float32Array.from(values) }])),
        adam,
      };
    },

    setState(state: ControllerState) {
      checkControllerState(state, shapes);
      const restored = restoredPrng(state.prng);
      for (const name of [...weights.keys()]) {
        weights.set(name, Float32Array.from(state.weights[name]!.values));
        moments.set(name, { m: Float32Array.from(state.adam[name]!.m), v: Float32Array.from(state.adam[name]!.v) });
      }
      weightsChanged();
      prng = restored;
      step = state.step;
      baseline = state.baseline;
    },

    dispose() {
      // Plain arrays only: nothing for tfjs to free.
    },
  };
}
