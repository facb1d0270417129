/**
 * Accuracy of a network over images of a split, in chunks so that memory stays bounded whatever the count (a
 * 10,000-image test set at 32×32×3 would be 123 MB of float32 in one tensor, and the wasm backend has a 4 GB
 * address space for every activation of the forward pass).
 */
import type { ImageBatch, ImageEvalMetrics } from '../child/supernet';
import { createPrng } from '../random/prng';
import { makeImageBatch, NO_AUGMENTATION } from './image-split';
import type { ImageSplit, Normalisation } from './image-split';

/** Largest batch scored at once. */
const EVAL_CHUNK = 250;

/** Accuracy over the images at `indices` (no augmentation). */
export async function accuracyOn(
  split: ImageSplit,
  indices: readonly number[],
  norm: Normalisation,
  evaluate: (batch: ImageBatch) => Promise<ImageEvalMetrics>,
): Promise<number> {
  // No augmentation draws from it; a fixed generator keeps makeImageBatch's signature honest.
  const prng = createPrng(0);
  let correct = 0;
  for (let start = 0; start < indices.length; start += EVAL_CHUNK) {
    const chunk = indices.slice(start, start + EVAL_CHUNK);
    const batch = makeImageBatch(split, chunk, norm, NO_AUGMENTATION, prng);
    try {
      correct += (await evaluate(batch)).accuracy * chunk.length;
    } finally {
      batch.images.dispose();
      batch.labels.dispose();
    }
  }
  return indices.length === 0 ? NaN : correct / indices.length;
}

/** Accuracy over a whole split. */
export function splitAccuracy(
  split: ImageSplit,
  norm: Normalisation,
  evaluate: (batch: ImageBatch) => Promise<ImageEvalMetrics>,
): Promise<number> {
  return accuracyOn(split, Array.from({ length: split.count }, (_, i) => i), norm, evaluate);
}
