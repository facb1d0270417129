/**
 * A validation split carved out of the training set with a seeded generator, as ENAS does for CIFAR-10
 * (the official code keeps the last 5,000 of the 50,000 training images for the controller's reward,
 * `data_utils.read_data(num_valids=5000)`); we draw them at random with a fixed seed instead of taking the
 * last ones, so a folder sorted by class still gives a validation set with every class in it.
 */
import { createPrng } from '../random/prng';

/** The default size: 10% of the training set, at most 5,000 (ENAS's CIFAR-10 split). */
export function defaultValidationSize(trainCount: number): number {
  return Math.min(5000, Math.round(trainCount / 10));
}

/**
 * A mask over `total` examples with exactly `count` ones, the same for the same seed: a partial
 * Fisher–Yates shuffle of the indices, driven by xoshiro128** (createPrng).
 */
export function validationMask(total: number, count: number, seed: number): Uint8Array {
  if (!Number.isInteger(count) || count < 0 || count >= total) {
    throw new RangeError(`validation size must be 0 … ${total - 1} for ${total} examples, got ${count}`);
  }
  const prng = createPrng(seed);
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  const mask = new Uint8Array(total);
  for (let k = 0; k < count; k++) {
    const j = k + prng.int(total - k);
    const picked = order[j]!;
    order[j] = order[k]!;
    order[k] = picked;
    mask[picked] = 1;
  }
  return mask;
}
