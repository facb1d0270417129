/**
 * The batch a strategy learns from: sampled arcs with their entropy and measured reward. Checked before
 * anything changes, so a bad batch (no samples, a NaN reward from a diverged child, an arc that is not in
 * the space) is refused with an error that names the sample and the rule, and the strategy is untouched.
 */
import { EnasError } from '../../shared/errors';
import type { SearchSpace } from '../spaces/search-space';

/** What an update needs of one sampled architecture. */
export interface ScoredTokens {
  readonly tokens: readonly number[];
  /** The sample's policy entropy (nats), as returned by `sample`. */
  readonly entropy: number;
  /** The reward of the architecture, e.g. validation accuracy of the child network. */
  readonly reward: number;
}

/**
 * Throws STRATEGY_BAD_BATCH (empty batch, entropy not a finite number ≥ 0), STRATEGY_BAD_REWARD (reward
 * not finite) or the space's ARC_* error (tokens not a valid arc). `who` names the caller in messages.
 */
export function checkScoredBatch(batch: readonly ScoredTokens[], space: SearchSpace<unknown>, who: string): void {
  if (batch.length === 0) throw new EnasError('STRATEGY_BAD_BATCH', `${who} update: the batch is empty`);
  batch.forEach((item, i) => {
    const where = `${who} update, sample ${i + 1} of ${batch.length}`;
    if (!Number.isFinite(item.reward)) {
      throw new EnasError('STRATEGY_BAD_REWARD', `${where}: reward must be a finite number, got ${String(item.reward)}`);
    }
    if (!Number.isFinite(item.entropy) || item.entropy < 0) {
      throw new EnasError(
        'STRATEGY_BAD_BATCH',
        `${where}: entropy must be a finite number ≥ 0, got ${String(item.entropy)}`,
      );
    }
    // Out-of-range tokens would one-hot to zeros in the controller's tape without a word: refuse them.
    space.decode(item.tokens);
  });
}
