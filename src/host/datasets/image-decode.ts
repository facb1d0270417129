/**
 * Decode one PNG or JPEG file of an image folder into RGBA with pngjs / jpeg-js (both take Buffers, which
 * is why decoding lives in the host while resizing stays in core). The type and pixel size come from the
 * header first (core/data/image-header.ts), so an image too large to decode is refused before the decoder
 * allocates; jpeg-js gets the same caps through its own options.
 */
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { inflateSync } from 'node:zlib';
import { dataError } from '../../core/data/data-error';
import { readImageHeader } from '../../core/data/image-header';
import { EnasError } from '../../shared/errors';
import type { RgbaImage } from '../../core/data/image-resize';
import type { ImportLimits } from './import-limits';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * pngjs bounds the inflated size of ordinary PNGs by their IHDR, but inflates interlaced ones without a
 * bound; check those first with a capped inflate so a small interlaced PNG cannot expand without limit.
 */
function checkInterlacedPng(bytes: Buffer, width: number, height: number, file: string): void {
  if (bytes[28] !== 1) return;
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  // 16-bit RGBA is 8 bytes a pixel; Adam7 adds at most one filter byte per row of each of its 7 passes.
  const bound = width * height * 8 + 7 * (height + 1) + 1024;
  try {
    inflateSync(Buffer.concat(idat), { maxOutputLength: bound });
  } catch (err) {
    if (err instanceof RangeError) {
      throw dataError('IMAGE_TOO_LARGE', file, `interlaced PNG data expands past ${bound} bytes for ${width}×${height}`);
    }
  }
}

export function decodeImage(bytes: Uint8Array, file: string, limits: ImportLimits): RgbaImage {
  const header = readImageHeader(bytes, file);
  if (header.width * header.height > limits.maxImagePixels) {
    throw dataError(
      'IMAGE_TOO_LARGE',
      file,
      `${header.width}×${header.height} pixels, over the ${limits.maxImagePixels}-pixel cap for one image`,
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (header.type === 'png') {
      checkInterlacedPng(buffer, header.width, header.height, file);
      const png = PNG.sync.read(buffer);
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: limits.maxImagePixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((limits.maxImagePixels * 8) / 2 ** 20) + 64,
    });
    return { width: image.width, height: image.height, data: image.data };
  } catch (err) {
    if (err instanceof EnasError) throw err;
    throw dataError('IMAGE_UNDECODABLE', file, `${header.type.toUpperCase()} data cannot be decoded (${messageOf(err)})`);
  }
}
