/**
 * Images held in memory as the dataset stores them (uint8, NHWC) and turned into float batches on demand.
 * Keeping uint8 until the batch is cut costs a quarter of the memory of float32 and makes augmentation
 * (pad-and-crop, flip) cheap integer copies.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../shared/errors';
import type { ImageBatch } from '../child/supernet';
import type { Prng } from '../random/prng';

export interface ImageSplit {
  /** N × height × width × channels pixels, row-major. */
  readonly images: Uint8Array;
  /** N class indices. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** Per-channel mean and standard deviation of the pixels, in [0, 1] units. */
export interface Normalisation {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export function checkImageSplit(split: ImageSplit, what: string): void {
  const pixels = split.height * split.width * split.channels;
  if (split.images.length !== split.count * pixels || split.labels.length !== split.count) {
    throw new EnasError(
      'INTERNAL',
      `${what}: expected ${split.count} images of ${pixels} pixels and ${split.count} labels, ` +
        `got ${split.images.length} pixels and ${split.labels.length} labels`,
    );
  }
}

/** Mean and std per channel over a split (computed on the training split only, as is standard). */
export function channelStatistics(split: ImageSplit): Normalisation {
  const c = split.channels;
  const sum = new Float64Array(c);
  const sumSq = new Float64Array(c);
  for (let i = 0; i < split.images.length; i++) {
    const v = (split.images[i] as number) / 255;
    const ch = i % c;
    sum[ch]! += v;
    sumSq[ch]! += v * v;
  }
  const n = split.images.length / c;
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sumSq, (s, ch) => Math.sqrt(Math.max(s / n - (mean[ch] as number) ** 2, 1e-12)));
  return { mean, std };
}

export interface BatchOptions {
  /** Pad by `padCrop` pixels (zeros) and cut a random window of the original size; 0 disables. */
  readonly padCrop: number;
  /** Mirror left-right with probability ½. */
  readonly flip: boolean;
}

export const NO_AUGMENTATION: BatchOptions = { padCrop: 0, flip: false };

/**
 * A float batch of the images at `indices`, normalised, optionally augmented with `prng`. The caller disposes
 * both tensors.
 */
export function makeImageBatch(
  split: ImageSplit,
  indices: readonly number[],
  norm: Normalisation,
  augment: BatchOptions,
  prng: Prng,
): ImageBatch {
  const { height: h, width: w, channels: c } = split;
  const pixels = h * w * c;
  const out = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  const scale = norm.std.map((s) => 1 / (255 * s));
  const shift = norm.mean.map((m, ch) => -m / (norm.std[ch] as number));
  indices.forEach((index, b) => {
    labels[b] = split.labels[index] as number;
    const src = index * pixels;
    const dst = b * pixels;
    const p = augment.padCrop;
    const dy = p > 0 ? prng.int(2 * p + 1) - p : 0;
    const dx = p > 0 ? prng.int(2 * p + 1) - p : 0;
    const mirror = augment.flip && prng.next() < 0.5;
    for (let y = 0; y < h; y++) {
      const sy = y + dy;
      for (let x = 0; x < w; x++) {
        const sx = (mirror ? w - 1 - x : x) + dx;
        const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
        for (let ch = 0; ch < c; ch++) {
          // Zero padding in pixel space, i.e. black, normalised like any other pixel.
          const v = inside ? (split.images[src + (sy * w + sx) * c + ch] as number) : 0;
          out[dst + (y * w + x) * c + ch] = v * (scale[ch] as number) + (shift[ch] as number);
        }
      }
    }
  });
  return {
    images: tf.tensor4d(out, [indices.length, h, w, c]),
    labels: tf.tensor1d(labels, 'int32'),
  };
}
