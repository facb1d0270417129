/**
 * What one forward pass needs besides the input: whether it trains (dropout, drop-path and batch-norm
 * statistics depend on it), how batch norm normalises, where random masks come from, and how far training
 * has come (drop-path strengthens over training).
 */
import type { Prng } from '../../random/prng';

export interface ForwardContext {
  readonly training: boolean;
  /**
   * `batch`: always normalise with the batch's own statistics and keep no moving averages. The official
   * micro search graph does this for the shared weights, in training and in evaluation alike
   * (micro_child.py sets is_training=True whenever fixed_arc is None); the macro supernet does it when its
   * config asks (`searchBatchNorm: 'batch'`). `moving`: training normalises with batch statistics and
   * updates moving averages (decay 0.9), inference uses the averages. Every fixed network does this, and so
   * does the macro supernet by default, as the official macro search graph does (general_child.py builds
   * its validation and reward graphs with is_training=False, so a reward reads the moving averages).
   */
  readonly batchNorm: 'batch' | 'moving';
  /** Draws the dropout, drop-path and embedding-dropout masks. */
  readonly prng: Prng;
  /** Fraction of training done, in [0, 1]: (step + 1) / total steps. Drives the drop-path schedule. */
  readonly progress: number;
}
