/**
 * Cutout (DeVries & Taylor, 2017) as the official ENAS data pipeline applies it (src/cifar10/models.py
 * `_pre_process`): per image, a size×size square whose top-left corner is uniform over the image, clipped at
 * the far edges, is set to zero in every channel. A data augmentation for retraining; the official search
 * scripts do not use it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../shared/errors';
import type { Prng } from '../random/prng';

/** A new batch with one square cut out of each NHWC image; the caller disposes both. */
export function cutout(images: tf.Tensor4D, size: number, prng: Prng): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  if (!Number.isInteger(size) || size < 1) {
    throw new EnasError('CHILD_BAD_CONFIG', `cutoutSize must be a positive integer, got ${size}`);
  }
  const mask = new Float32Array(batch * height * width).fill(1);
  for (let n = 0; n < batch; n++) {
    const top = prng.int(height);
    const left = prng.int(width);
    for (let y = top; y < Math.min(height, top + size); y++) {
      mask.fill(0, (n * height + y) * width + left, (n * height + y) * width + Math.min(width, left + size));
    }
  }
  return tf.tidy(() => tf.mul(images, tf.tensor4d(mask, [batch, height, width, 1])));
}
