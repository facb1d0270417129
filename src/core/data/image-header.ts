/**
 * Recognise PNG and JPEG files by their signature (never by extension) and read their pixel size from the
 * header, so that an image folder can skip a non-image file, and refuse a decompression bomb (a tiny PNG
 * that claims 100000 × 100000 pixels) before a decoder allocates anything.
 * References: PNG (ISO/IEC 15948, W3C PNG 2nd ed.) §5.2 signature, §11.2.2 IHDR; JPEG (ITU-T T.81) B.1.1
 * markers, B.2.2 frame header.
 */
import { dataError } from './data-error';

export type ImageType = 'png' | 'jpeg';

export interface ImageHeader {
  type: ImageType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** 'png', 'jpeg' or undefined from the first bytes of a file. */
function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function pngHeader(bytes: Uint8Array, file: string): ImageHeader {
  // The first chunk must be IHDR with a 13-byte body: width, height (uint32 BE, 1 … 2^31 − 1), ...
  const ihdr = bytes.length >= 33 && u32(bytes, 8) === 13 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (!ihdr) throw dataError('IMAGE_UNDECODABLE', file, 'PNG signature but no IHDR chunk after it');
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw dataError('IMAGE_UNDECODABLE', file, `PNG size ${width}×${height} is invalid (each side 1 to 2^31 − 1)`);
  }
  return { type: 'png', width, height };
}

// Start-of-frame markers: C0–CF except C4 (DHT), C8 (JPG) and CC (DAC).
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegHeader(bytes: Uint8Array, file: string): ImageHeader {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, or scan data before any frame header
    const length = u16(bytes, at + 2);
    if (length < 2) break;
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) break;
      const height = u16(bytes, at + 5);
      const width = u16(bytes, at + 7);
      if (width === 0 || height === 0) {
        throw dataError('IMAGE_UNDECODABLE', file, `JPEG frame header gives size ${width}×${height}`);
      }
      return { type: 'jpeg', width, height };
    }
    at += 2 + length;
  }
  throw dataError('IMAGE_UNDECODABLE', file, 'JPEG signature but no frame header (SOF) before the image data');
}

/** Type and size of a PNG or JPEG; IMAGE_NOT_IMAGE for anything else, IMAGE_UNDECODABLE for a broken header. */
export function readImageHeader(bytes: Uint8Array, file: string): ImageHeader {
  const type = sniffImageType(bytes);
  if (type === 'png') return pngHeader(bytes, file);
  if (type === 'jpeg') return jpegHeader(bytes, file);
  throw dataError('IMAGE_NOT_IMAGE', file, 'not a PNG or JPEG file (no PNG or JPEG signature in its first bytes)');
}
