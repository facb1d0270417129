/**
 * Writes an export so that it is whole or absent, never half-written (reliability.md T6): the content goes
 * to a temp file beside the target, is fsynced, renamed over the target, and the folder is fsynced. On any
 * failure the temp file is removed and the error names the target file. Writes are buffered, so a
 * producer can emit one CSV line at a time.
 */
import { open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EnasError } from '../../shared/errors';

export interface ExportSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** Flushed to the file whenever this many bytes are buffered. */
const BUFFER_BYTES = 1 << 16;
let tempCounter = 0;

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function exportError(file: string, err: unknown): EnasError {
  if (err instanceof EnasError) return err;
  const code = err instanceof Error && 'code' in err ? String(err.code) : undefined;
  const reason = code === 'ENOSPC' ? 'the disk is full: free space, then export again' : err instanceof Error ? err.message : String(err);
  return new EnasError('EXPORT_FAILED', `cannot write the export ${file}: ${reason}`, { file });
}

/** Runs `produce` against a sink on a temp file, then moves the file into place; returns the bytes written. */
export async function writeFileAtomically(file: string, produce: (sink: ExportSink) => Promise<void>): Promise<number> {
  const target = resolve(file);
  const dir = dirname(target);
  tempCounter += 1;
  const temp = join(dir, `.${basename(target)}.${process.pid}-${tempCounter}.tmp`);
  let handle: FileHandle | undefined;
  let bytes = 0;
  try {
    handle = await open(temp, 'wx');
    const out = handle;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const drain = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await out.write(chunk);
    };
    await produce({
      async write(chunk) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        // A large chunk skips the buffer: copying megabytes of tensor data twice gains nothing.
        if (buf.length >= BUFFER_BYTES) {
          await drain();
          await out.write(buf);
        } else {
          pending.push(Buffer.from(buf));
          pendingBytes += buf.length;
          if (pendingBytes >= BUFFER_BYTES) await drain();
        }
        bytes += buf.length;
      },
    });
    await drain();
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
    await syncDir(dir);
    return bytes;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw exportError(target, err);
  }
}
