/**
 * Accuracy of a network over a whole image split, in chunks so that memory stays bounded whatever the
 * split's size (a 10,000-image test set at 32×32×3 would be 123 MB of float32 in one tensor).
 */
import type { ImageBatch, ImageEvalMetrics } from '../child/supernet';
import { createPrng } from '../random/prng';
import { makeImageBatch, NO_AUGMENTATION } from './image-split';
import type { ImageSplit, Normalisation } from './image-split';

export async function splitAccuracy(
  split: ImageSplit,
  norm: Normalisation,
  evaluate: (batch: ImageBatch) => Promise<ImageEvalMetrics>,
  chunk = 250,
): Promise<number> {
  // No augmentation draws from it; a fixed generator keeps the signature honest.
  const prng = createPrng(0);
  let correct = 0;
  for (let start = 0; start < split.count; start += chunk) {
    const indices = Array.from({ length: Math.min(chunk, split.count - start) }, (_, i) => start + i);
    const batch = makeImageBatch(split, indices, norm, NO_AUGMENTATION, prng);
    try {
      correct += (await evaluate(batch)).accuracy * indices.length;
    } finally {
      batch.images.dispose();
      batch.labels.dispose();
    }
  }
  return split.count === 0 ? NaN : correct / split.count;
}
