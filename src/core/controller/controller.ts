/**
 * The ENAS controller (Pham et al., ICML 2018, §2–3): an LSTM policy over a search space's decisions,
 * sampled with a seeded Prng and trained with REINFORCE as the official code does (melodyguan/enas
 * `build_trainer` of the CIFAR-10 and PTB controllers):
 *   r ← reward + entropyWeight · entropy(sample)      (summed over its decisions, or their mean: `entropyReduction`)
 *   b ← b − (1 − baselineDecay)(b − r)                 (per sample, in batch order)
 *   loss = mean over the batch of −log p(sample)·(r − b) [+ skipWeight · skipPenalty, macro]
 *                                                         [+ weightlessWeight · weightlessPenalty, ours]
 * Knobs that are ours, not the official code's, each default to the official behaviour: the baseline may
 * start at the first batch's mean (`baselineInit`), the advantages r − b may be divided by their batch
 * standard deviation (`advantageNormalize`), Adam may use Kingma & Ba's correction (`adamCorrection`), and
 * the entropy bonus may use the mean per-decision entropy instead of the sum (`entropyReduction`).
 * then the global gradient norm, optional clipping to `gradBound`, and one Adam step. The batch is the
 * `numAggregate` samples whose gradients the official SyncReplicasOptimizer averages. The gradient comes
 * from teacher-forcing the recorded tokens through the same network in one tape, batched over samples.
 * No tensor outlives a call except the variables and Adam moments, which `dispose` frees.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ControllerConfig } from '../../shared/config/controller';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import type { Prng } from '../random/prng';
import type { SearchSpace } from '../spaces/search-space';
import { createAdam } from './adam';
import { checkUpdate, clipScale, restoredPrng, updateStats } from './controller-update';
import { batchAdvantages, replayAdvantages } from './reinforce-advantages';
import { createControllerParams, disposeControllerParams, namedVariables } from './controller-params';
import { checkControllerState } from './controller-state';
import type { ControllerState } from './controller-state';
import { runPolicy } from './run-policy';
import { createSamplingSink } from './sampling-sink';
import type { SampledTokens } from './sampling-sink';
import type { ScoredTokens } from './scored-batch';
import { createTeacherSink } from './teacher-sink';

export interface ControllerUpdateStats {
  /** Updates applied so far, this one included. */
  readonly step: number;
  /** The minimised loss, averaged over the batch. */
  readonly loss: number;
  /** The baseline after this batch. */
  readonly baseline: number;
  /** Mean raw reward of the batch (without the entropy bonus). */
  readonly meanReward: number;
  /** Mean sample entropy of the batch, in nats. */
  readonly meanEntropy: number;
  /** Global L2 norm of the gradient before clipping. */
  readonly gradNorm: number;
}

/**
 * Architectures replayed from a memory of earlier samples (Adam & Lorraine 2019, §5): their REINFORCE term
 * −log p(arc)·(r − b), with b the baseline after the fresh batch, averaged over `items` and added to the
 * fresh batch's loss with factor `weight`. Replayed items do not move the baseline. With no items or weight 0
 * the update is exactly the plain one.
 */
export interface ReplayTerm {
  readonly items: readonly ScoredTokens[];
  readonly weight: number;
}

export interface Controller {
  /** Draw one architecture; advances the Prng. Returns the decisions with their logits too. */
  sample(): SampledTokens;
  /** Teacher-forced log p of each given arc under the current weights, in nats. */
  logProb(arcs: readonly (readonly number[])[]): number[];
  /**
   * One REINFORCE step on the batch (at least one sample), plus, with `replay`, the replayed memory term
   * (enas-memory, {@link ReplayTerm}). All or nothing: a failed update changes nothing.
   */
  update(batch: readonly ScoredTokens[], replay?: ReplayTerm): ControllerUpdateStats;
  getState(): ControllerState;
  setState(state: ControllerState): void;
  dispose(): void;
}

/**
 * tfjs-core registers no gradient functions by itself; the entry point must, as it picks the backend
 * (tfjs's own `@tensorflow/tfjs-core/dist/register_all_gradients`). Without them tfjs fails deep inside
 * the tape; this says what to do instead.
 */
function checkGradientsRegistered(): void {
  if (tf.getGradient('BatchMatMul') === undefined) {
    throw new EnasError(
      'INTERNAL',
      'controller update: tfjs has no gradient functions registered; load ' +
        '@tensorflow/tfjs-core/dist/register_all_gradients before training',
    );
  }
}

/**
 * A controller for `space`, its weights drawn from a Prng seeded with `seed`; the same Prng then draws
 * the samples, so the seed fixes the whole stream.
 */
export function createController(space: SearchSpace<unknown>, config: ControllerConfig, seed: number): Controller {
  let prng: Prng = createPrng(seed);
  const params = createControllerParams(space.config, config, prng);
  const variables = namedVariables(params);
  const byTfName = new Map(variables.map(({ name, variable }) => [variable.name, name]));
  const adam = createAdam(variables, { beta1: config.adamBeta1, epsilon: config.adamEpsilon, correction: config.adamCorrection });
  const skipTarget = space.config.space === 'macro' ? config.skipTarget : null;
  let step = 0;
  let baseline = 0;

  const weightless =
    config.weightlessWeight > 0 ? { options: (p: number) => space.parameterFreeOptions(p), target: config.weightlessTarget } : null;

  const teacherForce = (arcs: readonly (readonly number[])[]) => {
    const teacher = createTeacherSink(arcs, skipTarget ?? 0.5, weightless);
    runPolicy(space.config, config, params, arcs.length, teacher.sink);
    return teacher;
  };

  return {
    sample() {
      const { sink, result } = createSamplingSink(space.arcLength, skipTarget, prng);
      tf.tidy(() => runPolicy(space.config, config, params, 1, sink));
      return result();
    },

    logProb(arcs) {
      arcs.forEach((tokens) => space.decode(tokens));
      if (arcs.length === 0) return [];
      return tf.tidy(() => Array.from(teacherForce(arcs).logProb().dataSync()));
    },

    update(batch, replay) {
      const replayed = checkUpdate(batch, replay, space);
      checkGradientsRegistered();
      const { advantages, baseline: nextBaseline } = batchAdvantages(batch, config, baseline, step);
      const arcs = batch.map((item) => item.tokens);
      const replayedAdvantages = replayed === null ? [] : replayAdvantages(replayed.items, nextBaseline, config);
      const { value, grads } = tf.variableGrads(() => {
        const teacher = teacherForce(arcs);
        let perSample = tf.mul(tf.neg(teacher.logProb()), tf.tensor1d(advantages));
        if (skipTarget !== null) perSample = tf.add(perSample, tf.mul(teacher.skipPenalty(), config.skipWeight));
        if (weightless !== null) perSample = tf.add(perSample, tf.mul(teacher.weightlessPenalty(), config.weightlessWeight));
        const fresh = tf.mean(perSample) as tf.Scalar;
        if (replayed === null) return fresh;
        const memory = teacherForce(replayed.items.map((item) => item.tokens));
        const replayLoss = tf.mean(tf.mul(tf.neg(memory.logProb()), tf.tensor1d(replayedAdvantages)));
        return tf.add(fresh, tf.mul(replayLoss, replayed.weight)) as tf.Scalar;
      }, variables.map((v) => v.variable));
      const named = new Map<string, tf.Tensor>();
      for (const [tfName, grad] of Object.entries(grads)) {
        const name = byTfName.get(tfName);
        if (name !== undefined && grad !== null) named.set(name, grad);
      }
      try {
        const loss = value.dataSync()[0] ?? NaN;
        const gradNorm = tf.tidy(() => {
          const squares = [...named.values()].map((g) => tf.sum(tf.square(g)));
          return Math.sqrt(squares.length === 0 ? 0 : (tf.addN(squares).dataSync()[0] ?? NaN));
        });
        const scale = clipScale(step, loss, gradNorm, config);
        tf.tidy(() => {
          const scaled = scale === 1 ? named : new Map([...named].map(([k, g]) => [k, tf.mul(g, scale)]));
          adam.apply(scaled, step + 1, config.learningRate);
        });
        step += 1;
        baseline = nextBaseline;
        return updateStats(step, loss, baseline, gradNorm, batch);
      } finally {
        value.dispose();
        for (const grad of Object.values(grads)) grad?.dispose();
      }
    },

    getState() {
      const weights: ControllerState['weights'] = Object.fromEntries(
        variables.map(({ name, variable }) => [
          name,
          { shape: [...variable.shape], values: Float32Array.from(variable.dataSync()) },
        ]),
      );
      return { step, baseline, prng: prng.state(), weights, adam: adam.snapshot() };
    },

    setState(state) {
      checkControllerState(state, new Map(variables.map(({ name, variable }) => [name, variable.shape])));
      const restored = restoredPrng(state.prng);
      tf.tidy(() => {
        for (const { name, variable } of variables) {
          const saved = state.weights[name];
          if (saved !== undefined) variable.assign(tf.tensor(saved.values, variable.shape));
        }
      });
      adam.restore(state.adam);
      prng = restored;
      step = state.step;
      baseline = state.baseline;
    },

    dispose() {
      disposeControllerParams(params);
      adam.dispose();
    },
  };
}
