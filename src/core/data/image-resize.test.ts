import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resizeImage } from './image-resize';
import type { RgbaImage } from './image-resize';

// Committed seeds plus one fresh seed per run, printed for replay with FC_SEED (docs/reliability.md T3.2).
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`image-resize properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [17, 2018, FRESH_SEED];

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
}

describe('area resize', () => {
  it('averages each 2×2 block when halving, and drops alpha', () => {
    const img = image(4, 4, (x, y) => [x < 2 ? 0 : 200, y < 2 ? 10 : 30, (x + y) % 2 === 0 ? 0 : 100, 7]);
    expect(Array.from(resizeImage(img, 2, 3))).toEqual([0, 10, 50, 200, 10, 50, 0, 30, 50, 200, 30, 50]);
  });

  it('is the identity at the same size', () => {
    const img = image(5, 5, (x, y) => [x * 50, y * 50, (x * y) % 256, 255]);
    const out = resizeImage(img, 5, 3);
    for (let i = 0; i < 25; i++) expect(Array.from(out.subarray(3 * i, 3 * i + 3))).toEqual(Array.from(img.data.subarray(4 * i, 4 * i + 3)));
  });

  it('weighs partly covered pixels by the area they cover (3 → 2 pixels)', () => {
    const img = image(3, 1, (x) => [x === 1 ? 90 : 0, 0, 0, 255]);
    // Output pixel 0 covers input [0, 1.5): 1 × 0 + 0.5 × 90, over 1.5 → 30.
    expect(Array.from(resizeImage(img, 2, 3)).filter((_, i) => i % 3 === 0)).toEqual([30, 30, 30, 30]);
  });

  it('converts to grey with BT.601 luma', () => {
    expect(Array.from(resizeImage(image(1, 1, () => [255, 0, 0, 255]), 1, 1))).toEqual([76]);
    expect(Array.from(resizeImage(image(1, 1, () => [0, 255, 0, 255]), 1, 1))).toEqual([150]);
  });

  it('keeps a constant image constant at any size, with the right number of bytes', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 12 }),
          fc.constantFrom<1 | 3>(1, 3),
          fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)),
          (w, h, size, channels, [r, g, b]) => {
            const out = resizeImage(image(w, h, () => [r, g, b, 255]), size, channels);
            expect(out.length).toBe(size * size * channels);
            const want = channels === 3 ? [r, g, b] : [(r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16];
            for (let i = 0; i < size * size; i++) {
              expect(Array.from(out.subarray(i * channels, (i + 1) * channels))).toEqual(want);
            }
          },
        ),
        { seed, numRuns: 1000 },
      );
    }
  });
});
