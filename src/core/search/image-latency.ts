/**
 * Inference latency of an image architecture (search.latencyRepeats, shared/config/objective.ts): its fixed
 * network, the one whose parameters and multiply-adds the cost model counts (the run's child config and the
 * data's shape, built as a retrain builds it), run on one image of zeros at batch 1 in inference mode: one
 * warm-up pass (kernel compilation, first allocations), then `repeats` timed passes, each ended by reading
 * the logits back so the backend has finished; the median, in milliseconds, on the run's backend. The weights
 * are drawn fresh (a latency does not depend on their values) and freed after. Measured in the trainer beside
 * the search's own work, so a loaded machine reads slower: it is a relative measure within a run.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createPrng } from '../random/prng';
import type { ImageSpaceSetup } from './image-setup';
import { buildFixed } from './retrain-images';

export interface LatencyInput {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function measureImageLatency(
  setup: ImageSpaceSetup,
  input: LatencyInput,
  tokens: readonly number[],
  repeats: number,
  /** A monotonic clock in ms (the trainer's performance.now). */
  now: () => number,
): Promise<number> {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`latency repeats must be a positive integer, got ${repeats}`);
  const net = buildFixed(setup, tokens.join(' '), input, createPrng(0));
  const image = tf.zeros([1, input.height, input.width, input.channels]) as tf.Tensor4D;
  try {
    const times: number[] = [];
    for (let i = 0; i <= repeats; i++) {
      const started = now();
      const logits = net.forward(image, { training: false });
      try {
        await logits.data();
      } finally {
        logits.dispose();
      }
      if (i > 0) times.push(now() - started);
    }
    return median(times);
  } finally {
    image.dispose();
    net.dispose();
  }
}
