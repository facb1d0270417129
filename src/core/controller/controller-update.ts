/**
 * What every controller implementation (controller.ts on tfjs, js-controller.ts in plain TypeScript) does the
 * same around a REINFORCE update: the checks of the batch and of a replayed memory term before anything
 * changes, the refusal of a non-finite loss or gradient, TensorFlow's global-norm clip, the statistics an
 * update reports, and the Prng of a restored state. One place, so the two cannot disagree on a rule.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import { EnasError } from '../../shared/errors';
import { createPrngFromState } from '../random/prng';
import type { Prng, PrngState } from '../random/prng';
import type { SearchSpace } from '../spaces/search-space';
import type { ControllerUpdateStats, ReplayTerm } from './controller';
import { checkScoredBatch } from './scored-batch';
import type { ScoredTokens } from './scored-batch';

/** Checks the batch and the replay term; returns the replay term when it contributes, else null. */
export function checkUpdate(batch: readonly ScoredTokens[], replay: ReplayTerm | undefined, space: SearchSpace<unknown>): ReplayTerm | null {
  checkScoredBatch(batch, space, 'controller');
  const replayed = replay !== undefined && replay.weight > 0 && replay.items.length > 0 ? replay : null;
  if (replayed !== null) {
    checkScoredBatch(replayed.items, space, 'controller replay');
    if (!Number.isFinite(replayed.weight)) {
      throw new EnasError('STRATEGY_BAD_BATCH', `controller replay: weight must be finite, got ${replayed.weight}`);
    }
  }
  return replayed;
}

/**
 * Refuses update `step + 1` when its loss or gradient norm is not finite; otherwise returns the factor that
 * tf.clip_by_global_norm scales every gradient by: bound / max(norm, bound), 1 without a bound.
 */
export function clipScale(step: number, loss: number, gradNorm: number, config: ControllerConfig): number {
  if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
    throw new EnasError(
      'STRATEGY_BAD_UPDATE',
      `controller update ${step + 1}: loss ${loss} and gradient norm ${gradNorm} must be finite; the update was not applied`,
    );
  }
  return config.gradBound !== null && gradNorm > config.gradBound ? config.gradBound / gradNorm : 1;
}

/** What an applied update reports (the means are over the fresh batch). */
export function updateStats(step: number, loss: number, baseline: number, gradNorm: number, batch: readonly ScoredTokens[]): ControllerUpdateStats {
  return {
    step,
    loss,
    baseline,
    meanReward: batch.reduce((acc, item) => acc + item.reward, 0) / batch.length,
    meanEntropy: batch.reduce((acc, item) => acc + item.entropy, 0) / batch.length,
    gradNorm,
  };
}

/** The Prng of a state being restored, as a STRATEGY_BAD_STATE error when its words are not a valid state. */
export function restoredPrng(state: PrngState): Prng {
  try {
    return createPrngFromState(state);
  } catch (err) {
    throw new EnasError('STRATEGY_BAD_STATE', `controller state: ${err instanceof Error ? err.message : String(err)}`);
  }
}
