/**
 * gzip decompression as a stream with running counts: DATASET_TOO_LARGE past the size cap, and
 * DATASET_GZIP_BOMB past the ratio cap, checked both against the whole compressed file and, after the
 * first few MB, against the compressed bytes zlib has actually consumed, so a bomb stops early.
 * zlib errors become DATASET_GZIP_TRUNCATED / DATASET_GZIP_CORRUPT.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { dataError } from '../../core/data/data-error';
import { EnasError } from '../../shared/errors';
import { errnoOf, unreadable } from './file-errors';
import type { ImportLimits } from './import-limits';
import type { ProgressSink, SourceFile } from './source-file';

/** DATASET_GZIP_TRUNCATED or DATASET_GZIP_CORRUPT for a zlib error (its code starts with Z_). */
function gzipError(err: unknown, src: SourceFile, produced: number): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (errnoOf(err) === 'Z_BUF_ERROR') {
    return dataError(
      'DATASET_GZIP_TRUNCATED',
      src.name,
      `the gzip stream ends early (${message}) after ${produced} decompressed bytes: the file is truncated`,
    );
  }
  const what = /data check/.test(message) ? 'CRC-32 mismatch, the data is damaged' : message;
  return dataError('DATASET_GZIP_CORRUPT', src.name, `gzip data is corrupt (${what})`);
}

/**
 * Past this much output the ratio is also checked against the compressed bytes consumed so far, not only
 * against the whole file: a bomb is then stopped after ~4 MB of output instead of after 1000 × its size.
 */
const EARLY_RATIO_FLOOR = 4 * 2 ** 20;

/**
 * The decompressed content of a gzip source as chunks, stopped with DATASET_TOO_LARGE past the size cap
 * and with DATASET_GZIP_BOMB past the ratio cap, whichever comes first. Leaving the loop early closes
 * the file.
 */
export async function* inflate(src: SourceFile, limits: ImportLimits, onProgress?: ProgressSink): AsyncGenerator<Uint8Array> {
  const input = createReadStream(src.path, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 16 });
  const output = pipeline(input, gunzip, () => undefined);
  let produced = 0;
  try {
    for await (const chunk of output as AsyncIterable<Uint8Array>) {
      produced += chunk.length;
      if (produced > limits.maxFileBytes) {
        throw dataError('DATASET_TOO_LARGE', src.name, `decompresses to more than the ${limits.maxFileBytes}-byte cap`);
      }
      // zlib's bytesWritten counts the compressed bytes the engine has consumed, not merely buffered.
      const consumed = produced > EARLY_RATIO_FLOOR ? gunzip.bytesWritten : src.size;
      if (produced > limits.maxGzipRatio * Math.min(consumed, src.size)) {
        throw dataError(
          'DATASET_GZIP_BOMB',
          src.name,
          `${Math.min(consumed, src.size)} compressed bytes expand to more than ${produced} bytes, over the ${limits.maxGzipRatio}:1 ratio cap (a gz bomb?)`,
        );
      }
      onProgress?.({ file: src.name, done: input.bytesRead, total: src.size, unit: 'bytes' });
      yield chunk;
    }
  } catch (err) {
    if (err instanceof EnasError) throw err;
    if (errnoOf(err).startsWith('Z_')) throw gzipError(err, src, produced);
    if (errnoOf(err) !== '') throw await unreadable(err, src.path, src.name);
    throw err;
  } finally {
    output.destroy();
  }
}
