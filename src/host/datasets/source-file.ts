/**
 * Reading a user's dataset file safely: refuse what is not a readable regular file (a folder named *.gz,
 * a FIFO that would block an open, a dangling symlink, a file we may not read) before opening it; read
 * headers without reading payloads; and decompress gzip, recognised by its magic bytes rather than its
 * name, through gzip-stream.ts, so that a gz bomb is stopped at the cap instead of filling memory
 * (docs/reliability.md T3.1).
 */
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dataError } from '../../core/data/data-error';
import type { DatasetImportProgress } from '../../shared/dataset';
import { unreadable } from './file-errors';
import { inflate } from './gzip-stream';
import type { ImportLimits } from './import-limits';

export interface SourceFile {
  path: string;
  /** How errors name the file: its path relative to what the user dropped. */
  name: string;
  /** Bytes on disk (compressed size for gzip). */
  size: number;
  gzip: boolean;
}

export type ProgressSink = (progress: DatasetImportProgress) => void;

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'named pipe (FIFO)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'special file';
}

/** Check that `path` is a non-empty readable regular file and see whether it is gzip. */
export async function openSource(path: string, name: string, limits: ImportLimits): Promise<SourceFile> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    throw await unreadable(err, path, name);
  }
  if (st.isDirectory()) throw dataError('DATASET_NOT_A_FILE', name, 'is a folder, expected a file');
  if (!st.isFile()) throw dataError('DATASET_UNREADABLE', name, `is a ${kindOf(st)}, not a regular file`);
  if (st.size === 0) throw dataError('DATASET_EMPTY_FILE', name, 'the file is empty (0 bytes)');
  const magic = await readRaw({ path, name, size: st.size, gzip: false }, 0, 2);
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  if (!gzip && st.size > limits.maxFileBytes) {
    throw dataError('DATASET_TOO_LARGE', name, `is ${st.size} bytes, over the ${limits.maxFileBytes}-byte cap`);
  }
  return { path, name, size: st.size, gzip };
}

/** Up to `length` bytes of the file as stored, from `offset`; into `buffer` when given (reused by scans). */
export async function readRaw(src: SourceFile, offset: number, length: number, buffer?: Uint8Array): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(src.path, 'r');
  } catch (err) {
    throw await unreadable(err, src.path, src.name);
  }
  try {
    const want = Math.max(0, Math.min(length, src.size - offset));
    const out = buffer && buffer.length >= want ? buffer.subarray(0, want) : new Uint8Array(want);
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await handle.read(out, done, out.length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return out.subarray(0, done);
  } catch (err) {
    throw await unreadable(err, src.path, src.name);
  } finally {
    await handle.close();
  }
}

/** The content as chunks, decompressed if gzip. */
export async function* contentChunks(src: SourceFile, limits: ImportLimits, onProgress?: ProgressSink): AsyncGenerator<Uint8Array> {
  if (src.gzip) {
    yield* inflate(src, limits, onProgress);
    return;
  }
  let handle;
  try {
    handle = await open(src.path, 'r');
  } catch (err) {
    throw await unreadable(err, src.path, src.name);
  }
  try {
    const step = 4 << 20;
    for (let offset = 0; offset < src.size; ) {
      const chunk = new Uint8Array(Math.min(step, src.size - offset));
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(chunk, 0, chunk.length, offset));
      } catch (err) {
        throw await unreadable(err, src.path, src.name);
      }
      if (bytesRead === 0) break;
      offset += bytesRead;
      onProgress?.({ file: src.name, done: offset, total: src.size, unit: 'bytes' });
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** The first `length` bytes of the content (fewer if it is shorter), without reading the rest. */
export async function readHead(src: SourceFile, length: number, limits: ImportLimits): Promise<Uint8Array> {
  if (!src.gzip) return readRaw(src, 0, length);
  const out = new Uint8Array(length);
  let done = 0;
  for await (const chunk of inflate(src, limits)) {
    const take = Math.min(chunk.length, length - done);
    out.set(chunk.subarray(0, take), done);
    done += take;
    if (done === length) break;
  }
  return out.subarray(0, done);
}

export interface ReadResult {
  bytes: Uint8Array;
  /** True when the content is longer than `expected` (the read stopped there). */
  more: boolean;
}

/** gzip's ISIZE trailer (the content length mod 2^32), capped: a size hint, never trusted for more. */
async function gzipSizeHint(src: SourceFile, limits: ImportLimits): Promise<number> {
  const tail = await readRaw(src, Math.max(0, src.size - 4), 4);
  const isize = tail.length === 4 ? new DataView(tail.buffer, tail.byteOffset, 4).getUint32(0, true) : 0;
  return Math.min(isize, limits.maxFileBytes, limits.maxGzipRatio * src.size);
}

/**
 * The whole content, in one buffer sized up front (the `expected` length, the file size, or gzip's
 * length trailer) and grown by doubling only when a gzip trailer lied, so peak memory is the content
 * itself rather than chunks plus a copy. With `expected`, the read stops as soon as the content proves
 * longer (`more`), so memory stays at the expected size whatever the file holds.
 */
export interface ReadOptions {
  /** The content length the caller expects; the read stops once the content proves longer. */
  expected?: number;
  onProgress?: ProgressSink;
  /** Sees every chunk as it arrives and may throw, so a bad file is refused before the rest is read. */
  inspect?: (chunk: Uint8Array) => void;
}

export async function readContent(src: SourceFile, limits: ImportLimits, options: ReadOptions = {}): Promise<ReadResult> {
  const { expected, onProgress, inspect } = options;
  let out = new Uint8Array(expected ?? (src.gzip ? await gzipSizeHint(src, limits) : src.size));
  let done = 0;
  for await (const chunk of contentChunks(src, limits, onProgress)) {
    inspect?.(chunk);
    if (expected !== undefined && done + chunk.length > expected) {
      out.set(chunk.subarray(0, expected - done), done);
      return { bytes: out, more: true };
    }
    if (done + chunk.length > out.length) {
      const grown = new Uint8Array(Math.max(2 * out.length, done + chunk.length));
      grown.set(out.subarray(0, done));
      out = grown;
    }
    out.set(chunk, done);
    done += chunk.length;
  }
  return { bytes: out.subarray(0, done), more: false };
}
