/**
 * Cosine learning rate with warm restarts, SGDR (Loshchilov & Hutter, ICLR 2017), as the official ENAS
 * child uses it (`lr_cosine` in src/utils.py `get_train_ops`): cycle i lasts T_i = lrT0 · lrTMul^i epochs
 * and inside it lr = lrMin + ½(lrMax − lrMin)(1 + cos(π · t / T_i)) at t epochs into the cycle.
 *
 * It is a pure function of the epoch, with no state to checkpoint, so a resumed run gets exactly the rate an
 * uninterrupted one would. The official code advances once per epoch (epoch = ⌊step / batchesPerEpoch⌋);
 * pass a fractional epoch to anneal within an epoch as the paper does.
 */
import { EnasError } from '../../../shared/errors';

export interface CosineSchedule {
  readonly lrMax: number;
  readonly lrMin: number;
  /** Length of the first cycle in epochs, ≥ 1. */
  readonly lrT0: number;
  /** Growth factor of the cycle length, ≥ 1. */
  readonly lrTMul: number;
}

/** Where `epoch` falls: the cycle's length and how far into it. */
function cyclePosition(lrT0: number, lrTMul: number, epoch: number): { length: number; into: number } {
  if (lrTMul === 1) {
    const cycle = Math.floor(epoch / lrT0);
    return { length: lrT0, into: epoch - cycle * lrT0 };
  }
  // Cycles grow geometrically, so this loop runs O(log epoch) times.
  let start = 0;
  let length = lrT0;
  while (epoch >= start + length) {
    start += length;
    length *= lrTMul;
  }
  return { length, into: epoch - start };
}

/** The learning rate at `epoch` (≥ 0, may be fractional). */
export function cosineLearningRate(schedule: CosineSchedule, epoch: number): number {
  const { lrMax, lrMin, lrT0, lrTMul } = schedule;
  if (!(lrMin >= 0 && lrMax >= lrMin && Number.isFinite(lrMax))) {
    throw new EnasError(
      'CHILD_BAD_CONFIG',
      `cosine schedule needs 0 ≤ lrMin ≤ lrMax, got lrMin=${lrMin}, lrMax=${lrMax}`,
    );
  }
  if (!(lrT0 >= 1 && lrTMul >= 1 && Number.isFinite(lrT0) && Number.isFinite(lrTMul))) {
    throw new EnasError('CHILD_BAD_CONFIG', `cosine schedule needs lrT0 ≥ 1 and lrTMul ≥ 1, got ${lrT0} and ${lrTMul}`);
  }
  if (!(epoch >= 0 && Number.isFinite(epoch))) {
    throw new EnasError('CHILD_BAD_CONFIG', `cosine schedule epoch must be a finite number ≥ 0, got ${epoch}`);
  }
  const { length, into } = cyclePosition(lrT0, lrTMul, epoch);
  return lrMin + 0.5 * (lrMax - lrMin) * (1 + Math.cos((Math.PI * into) / length));
}
