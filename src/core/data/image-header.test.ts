import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASET_ERROR_CODES, EnasError } from '../../shared/errors';
import { readImageHeader } from './image-header';

// Committed seeds plus one fresh seed per run, printed for replay with FC_SEED (docs/reliability.md T3.2).
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`image-header properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [13, 15948, FRESH_SEED];
const RUNS = 1000;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Signature + IHDR chunk (CRC not checked here: pngjs checks it when decoding). */
function pngHead(width: number, height: number): Uint8Array {
  const out = new Uint8Array(33);
  out.set(SIGNATURE, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, 13);
  out.set([0x49, 0x48, 0x44, 0x52], 12);
  view.setUint32(16, width);
  view.setUint32(20, height);
  out.set([8, 6, 0, 0, 0], 24);
  return out;
}

/** SOI, an APP0 segment, then a baseline SOF0 frame header. */
function jpegHead(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x06, 0x4a, 0x46, 0x49, 0x46,
    0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00,
  ]);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof EnasError) return err.code;
    throw err;
  }
}

describe('image headers', () => {
  it('reads the size of a PNG and a JPEG from their headers', () => {
    expect(readImageHeader(pngHead(640, 480), 'a.png')).toEqual({ type: 'png', width: 640, height: 480 });
    expect(readImageHeader(jpegHead(300, 200), 'b.jpg')).toEqual({ type: 'jpeg', width: 300, height: 200 });
  });

  it('recognises files by signature, not by name', () => {
    expect(codeOf(() => readImageHeader(new TextEncoder().encode('GIF89a......'), 'cat.png'))).toBe('IMAGE_NOT_IMAGE');
    expect(readImageHeader(pngHead(1, 1), 'cat.jpg').type).toBe('png');
  });

  it('refuses a PNG without IHDR, a zero size, and a JPEG without a frame header', () => {
    expect(codeOf(() => readImageHeader(Uint8Array.from(SIGNATURE), 'a.png'))).toBe('IMAGE_UNDECODABLE');
    expect(codeOf(() => readImageHeader(pngHead(0, 5), 'a.png'))).toBe('IMAGE_UNDECODABLE');
    expect(codeOf(() => readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), 'a.jpg'))).toBe('IMAGE_UNDECODABLE');
    expect(codeOf(() => readImageHeader(jpegHead(0, 10), 'a.jpg'))).toBe('IMAGE_UNDECODABLE');
  });

  it('(a) turns any bytes, also after a real signature, into a header or a typed dataset error', () => {
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 48 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.from([...SIGNATURE, ...b])),
      fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.from([0xff, 0xd8, 0xff, ...b])),
    );
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(bytesArb, (bytes) => {
          try {
            const h = readImageHeader(bytes, 'fuzz');
            expect(h.width).toBeGreaterThan(0);
            expect(h.height).toBeGreaterThan(0);
          } catch (err) {
            expect(err).toBeInstanceOf(EnasError);
            expect(DATASET_ERROR_CODES).toContain((err as EnasError).code);
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(b) reads back the size a header was written with', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), fc.boolean(), (w, h, png) => {
          const bytes = png ? pngHead(w, h) : jpegHead(w, h);
          expect(readImageHeader(bytes, 'rt')).toEqual({ type: png ? 'png' : 'jpeg', width: w, height: h });
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(c) a changed PNG signature byte makes the file a non-image; a changed IHDR byte is rejected or read as the size it now says', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
          const bytes = pngHead(64, 48);
          fc.pre(bytes[at] !== value);
          bytes[at] = value;
          const code = codeOf(() => readImageHeader(bytes, 'mut'));
          if (at < 8) expect(code).toBe('IMAGE_NOT_IMAGE');
          else if (at < 16) expect(code).toBe('IMAGE_UNDECODABLE');
          else if (code === undefined) {
            const view = new DataView(bytes.buffer);
            expect(readImageHeader(bytes, 'mut')).toEqual({ type: 'png', width: view.getUint32(16), height: view.getUint32(20) });
          } else {
            expect(code).toBe('IMAGE_UNDECODABLE');
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });
});
