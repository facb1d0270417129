/**
 * One 512-byte tar header block (POSIX.1-1988 ustar, with the GNU and pax extensions the CIFAR archives
 * and modern tars use): name, size, type and a checksum that must match, so a damaged archive is refused
 * instead of being read as garbage. Pure: no Node imports, so it can be fuzzed on bytes.
 * Reference: POSIX.1-2017, pax, "ustar Interchange Format".
 */
import { dataError } from '../../core/data/data-error';

export const TAR_BLOCK = 512;

export interface TarHeader {
  name: string;
  size: number;
  /** '0' regular file (also '\0' in old tars), '5' directory, 'L' GNU long name, 'x'/'g' pax, others. */
  type: string;
}

function ascii(block: Uint8Array, from: number, length: number): string {
  let end = from;
  while (end < from + length && block[end] !== 0) end++;
  return String.fromCharCode(...block.subarray(from, end));
}

/** A numeric field: octal digits (leading spaces allowed, ended by NUL or space), or GNU base-256. */
function numeric(block: Uint8Array, from: number, length: number): number | undefined {
  if ((block[from]! & 0x80) !== 0) {
    let value = block[from]! & 0x7f;
    for (let i = from + 1; i < from + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const text = ascii(block, from, length).trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : text === '' ? 0 : undefined;
}

/**
 * Parse the block at byte `offset` of `archive`. Returns 'end' for an all-zero block (the end-of-archive
 * marker); throws DATASET_TAR_CORRUPT when the checksum or a numeric field is wrong.
 */
export function parseTarHeader(block: Uint8Array, archive: string, offset: number): TarHeader | 'end' {
  if (block.length !== TAR_BLOCK) {
    throw dataError('DATASET_TAR_CORRUPT', archive, `ends inside a header at byte ${offset} (truncated archive)`);
  }
  if (block.every((b) => b === 0)) return 'end';
  // The checksum is the sum of the header bytes with the checksum field itself read as spaces; some old
  // tars summed signed bytes, so both sums are accepted.
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  const stored = numeric(block, 148, 8);
  if (stored === undefined || (stored !== unsigned && stored !== signed)) {
    if (offset === 0) {
      throw dataError('DATASET_TAR_CORRUPT', archive, 'is not a tar archive: its first 512 bytes are not a valid tar header');
    }
    throw dataError(
      'DATASET_TAR_CORRUPT',
      archive,
      `header at byte ${offset} has checksum ${stored ?? 'unreadable'}, its bytes sum to ${unsigned}: the archive is damaged`,
    );
  }
  const size = numeric(block, 124, 12);
  if (size === undefined || !Number.isSafeInteger(size)) {
    throw dataError('DATASET_TAR_CORRUPT', archive, `header at byte ${offset} has an unreadable size field`);
  }
  let name = ascii(block, 0, 100);
  const magic = ascii(block, 257, 6);
  const prefix = magic === 'ustar' ? ascii(block, 345, 155) : '';
  if (prefix !== '') name = `${prefix}/${name}`;
  const type = block[156] === 0 ? '0' : String.fromCharCode(block[156]!);
  return { name, size, type };
}

/** The `path` record of a pax extended header ("<length> path=<value>\n" records), if any. */
export function paxPath(data: Uint8Array): string | undefined {
  let at = 0;
  let path: string | undefined;
  while (at < data.length) {
    let space = at;
    while (space < data.length && data[space] !== 0x20) space++;
    const length = parseInt(String.fromCharCode(...data.subarray(at, space)), 10);
    if (!Number.isSafeInteger(length) || length <= 0 || at + length > data.length) break;
    const record = new TextDecoder().decode(data.subarray(space + 1, at + length - 1));
    if (record.startsWith('path=')) path = record.slice(5);
    at += length;
  }
  return path;
}
