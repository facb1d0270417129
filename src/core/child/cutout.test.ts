import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../random/prng';
import { cutout } from './cutout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('cutout', () => {
  it('zeroes one size×size square per image in every channel (clipped at the edges) and keeps the rest', () => {
    const [n, h, w, c] = [16, 8, 8, 3];
    const images = tf.fill([n, h, w, c], 2) as tf.Tensor4D;
    const out = cutout(images, 3, createPrng(5));
    const data = out.dataSync();
    const squares: number[] = [];
    for (let i = 0; i < n; i++) {
      let zeroPixels = 0;
      const rows = new Set<number>();
      const cols = new Set<number>();
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const channels = Array.from({ length: c }, (_, k) => data[((i * h + y) * w + x) * c + k]);
          expect(new Set(channels).size).toBe(1);
          if (channels[0] === 0) {
            zeroPixels += 1;
            rows.add(y);
            cols.add(x);
          } else {
            expect(channels[0]).toBe(2);
          }
        }
      }
      // A contiguous block of at most 3×3, at least 1×1 (its corner is inside the image).
      expect(zeroPixels).toBe(rows.size * cols.size);
      expect(rows.size).toBeGreaterThanOrEqual(1);
      expect(rows.size).toBeLessThanOrEqual(3);
      expect(cols.size).toBeLessThanOrEqual(3);
      expect(Math.max(...rows) - Math.min(...rows) + 1).toBe(rows.size);
      expect(Math.max(...cols) - Math.min(...cols) + 1).toBe(cols.size);
      squares.push(zeroPixels);
    }
    // Squares away from the far edges are whole.
    expect(squares).toContain(9);
    images.dispose();
    out.dispose();
  });

  it('replays the same squares from the same seed', () => {
    const images = tf.ones([4, 6, 6, 1]) as tf.Tensor4D;
    const a = cutout(images, 2, createPrng(9));
    const b = cutout(images, 2, createPrng(9));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([images, a, b]);
  });
});
