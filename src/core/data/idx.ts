/**
 * IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic `00 00 TT NN` (TT the element type,
 * NN the number of dimensions), NN big-endian uint32 dimensions, then the elements big-endian, row-major.
 * Reference: LeCun, Cortes & Burges, "The MNIST database", section "File formats for the MNIST database".
 *
 * Everything that can be checked from the header is checked from the header (at most 20 bytes), so the
 * host can refuse a 200 MB file before reading its payload (docs/reliability.md T3.1). Sizes are compared in
 * float arithmetic against a cap far below 2^53, so a product of dimensions cannot overflow unnoticed.
 */
import { dataError, hex32 } from './data-error';

export type IdxType = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';

const TYPES: readonly { code: number; type: IdxType; size: number }[] = [
  { code: 0x08, type: 'ubyte', size: 1 },
  { code: 0x09, type: 'sbyte', size: 1 },
  { code: 0x0b, type: 'short', size: 2 },
  { code: 0x0c, type: 'int', size: 4 },
  { code: 0x0d, type: 'float', size: 4 },
  { code: 0x0e, type: 'double', size: 8 },
];

const TYPE_LIST = TYPES.map((t) => `0x${t.code.toString(16).toUpperCase().padStart(2, '0')} ${t.type}`).join(', ');

/** The longest header: magic plus four dimensions. Reading this many bytes is enough for `parseIdxHeader`. */
export const IDX_MAX_HEADER_BYTES = 4 + 4 * 4;

/** Default cap on the payload: 1 GiB, twenty times MNIST's training images. Caps are clamped to 2^52. */
const IDX_DEFAULT_MAX_PAYLOAD_BYTES = 2 ** 30;

export interface IdxHeader {
  type: IdxType;
  dims: number[];
  /** 4 + 4 × dims.length. */
  headerBytes: number;
  /** prod(dims) × element size. */
  payloadBytes: number;
}

/** A decoded IDX file. `payload` holds the elements exactly as stored (big-endian), so any file round-trips. */
export interface IdxTensor {
  type: IdxType;
  dims: number[];
  payload: Uint8Array;
}

/** What the caller needs from the file: an element type, a number of dimensions, a size cap. */
export interface IdxExpectation {
  type?: IdxType;
  rank?: number;
  maxPayloadBytes?: number;
}

function elementSize(type: IdxType): number {
  return TYPES.find((t) => t.type === type)?.size ?? 1;
}

function typeCode(type: IdxType): number {
  return TYPES.find((t) => t.type === type)?.code ?? 0;
}

function describeMagic(magic: number): string {
  const info = TYPES.find((t) => t.code === (magic >>> 8) % 256);
  const rank = magic % 256;
  return info ? `${hex32(magic)} (${info.type}, ${rank} dimension${rank === 1 ? '' : 's'})` : hex32(magic);
}

/** The magic the caller expects, e.g. `0x00000803`, or its general form when the caller did not say. */
function expectedMagic(expect: IdxExpectation): string {
  if (expect.type !== undefined && expect.rank !== undefined) return hex32(typeCode(expect.type) * 256 + expect.rank);
  return '0x0000TTNN (bytes 0-1 zero, TT the element type, NN the number of dimensions)';
}

/**
 * Parse and check the header at the start of `head` (pass at least `IDX_MAX_HEADER_BYTES`, or the whole
 * file if shorter). Throws IDX_TRUNCATED, IDX_BAD_MAGIC, IDX_BAD_TYPE, IDX_BAD_RANK or IDX_BAD_DIMS.
 */
export function parseIdxHeader(head: Uint8Array, file: string, expect: IdxExpectation = {}): IdxHeader {
  if (head.length === 0) throw dataError('DATASET_EMPTY_FILE', file, 'the file is empty (0 bytes)');
  if (head.length < 4) {
    throw dataError('IDX_TRUNCATED', file, `the file is ${head.length} bytes, shorter than the 4-byte magic`);
  }
  const magic = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  if (head[0] !== 0 || head[1] !== 0) {
    throw dataError('IDX_BAD_MAGIC', file, `expected ${expectedMagic(expect)}, got ${hex32(magic)}`);
  }
  const info = TYPES.find((t) => t.code === head[2]);
  if (!info) {
    throw dataError(
      'IDX_BAD_TYPE',
      file,
      `type byte 0x${head[2]!.toString(16).toUpperCase().padStart(2, '0')} (magic ${hex32(magic)}) is not an IDX type; expected one of ${TYPE_LIST}`,
    );
  }
  const rank = head[3]!;
  if (rank < 1 || rank > 4) {
    throw dataError('IDX_BAD_RANK', file, `magic ${hex32(magic)} declares ${rank} dimensions, expected 1 to 4`);
  }
  if (expect.type !== undefined && info.type !== expect.type) {
    throw dataError('IDX_BAD_TYPE', file, `expected ${expectedMagic(expect)} (${expect.type}), got ${describeMagic(magic)}`);
  }
  if (expect.rank !== undefined && rank !== expect.rank) {
    throw dataError(
      'IDX_BAD_RANK',
      file,
      `expected ${expectedMagic(expect)} (${expect.rank} dimension${expect.rank === 1 ? '' : 's'}), got ${describeMagic(magic)}`,
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (head.length < headerBytes) {
    throw dataError(
      'IDX_TRUNCATED',
      file,
      `the header of ${rank} dimensions needs ${headerBytes} bytes, the file has ${head.length}`,
    );
  }
  const maxPayload = Math.min(expect.maxPayloadBytes ?? IDX_DEFAULT_MAX_PAYLOAD_BYTES, 2 ** 52);
  const view = new DataView(head.buffer, head.byteOffset, headerBytes);
  const dims = Array.from({ length: rank }, (_, d) => view.getUint32(4 + 4 * d));
  const zero = dims.indexOf(0);
  if (zero >= 0) throw dataError('IDX_BAD_DIMS', file, `dimension ${zero} is 0 (dims ${dims.join('×')}): no data`);
  // The cap is checked after every factor: the running product stays below cap × 2^32, where doubles are
  // still exact enough to compare, so dimensions whose product overflows 2^53 are refused, never wrapped.
  let payloadBytes = info.size;
  for (const dim of dims) {
    payloadBytes *= dim;
    if (payloadBytes > maxPayload) {
      throw dataError(
        'IDX_BAD_DIMS',
        file,
        `dims ${dims.join('×')} of ${info.type} need more than ${maxPayload} bytes, the cap for one file`,
      );
    }
  }
  return { type: info.type, dims, headerBytes, payloadBytes };
}

/**
 * Check that the file's length matches its header: a shorter payload is IDX_TRUNCATED, a longer one
 * IDX_TRAILING_BYTES. `atLeast` says `fileBytes` is a lower bound (a stream that was stopped early).
 */
export function checkIdxLength(header: IdxHeader, fileBytes: number, file: string, atLeast = false): void {
  const expected = header.headerBytes + header.payloadBytes;
  const shape = `dims ${header.dims.join('×')} of ${header.type}`;
  if (fileBytes < expected) {
    throw dataError(
      'IDX_TRUNCATED',
      file,
      `payload is ${fileBytes - header.headerBytes} bytes, the header promises ${header.payloadBytes} (${shape})`,
    );
  }
  if (fileBytes > expected) {
    const got = atLeast ? `more than ${header.payloadBytes}` : `${fileBytes - header.headerBytes}`;
    throw dataError(
      'IDX_TRAILING_BYTES',
      file,
      `payload is ${got} bytes, the header promises ${header.payloadBytes} (${shape})`,
    );
  }
}

/** Decode a whole IDX file. The payload is a view into `bytes`, not a copy. */
export function decodeIdx(bytes: Uint8Array, file: string, expect: IdxExpectation = {}): IdxTensor {
  const header = parseIdxHeader(bytes.subarray(0, IDX_MAX_HEADER_BYTES), file, expect);
  checkIdxLength(header, bytes.length, file);
  return { type: header.type, dims: header.dims, payload: bytes.subarray(header.headerBytes) };
}

/** The bytes of an IDX file; `encodeIdx(decodeIdx(x))` equals `x` byte for byte. */
export function encodeIdx(tensor: IdxTensor): Uint8Array {
  const { type, dims, payload } = tensor;
  if (dims.length < 1 || dims.length > 4 || dims.some((d) => !Number.isInteger(d) || d < 1 || d > 0xffffffff)) {
    throw new RangeError(`IDX needs 1 to 4 dimensions, each in 1 … 2^32 − 1, got [${dims.join(', ')}]`);
  }
  const expected = dims.reduce((p, d) => p * d, elementSize(type));
  if (payload.length !== expected) {
    throw new RangeError(`payload of dims ${dims.join('×')} of ${type} must be ${expected} bytes, got ${payload.length}`);
  }
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, typeCode(type) * 256 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}
