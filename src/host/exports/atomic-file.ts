/**
 * Writes an export so that it is whole or absent, never half-written (docs/reliability.md T2.7:
 * src/io/durable-file.ts). On any failure the error names the target file. Writes are buffered, so a
 * producer can emit one CSV line at a time.
 */
import { resolve } from 'node:path';
import { writeFileDurably } from '../../io/durable-file';
import { EnasError } from '../../shared/errors';

export interface ExportSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** Flushed to the file whenever this many bytes are buffered. */
const BUFFER_BYTES = 1 << 16;
function exportError(file: string, err: unknown): EnasError {
  if (err instanceof EnasError) return err;
  const code = err instanceof Error && 'code' in err ? String(err.code) : undefined;
  const reason = code === 'ENOSPC' ? 'the disk is full: free space, then export again' : err instanceof Error ? err.message : String(err);
  return new EnasError('EXPORT_FAILED', `cannot write the export ${file}: ${reason}`, { file });
}

/** Runs `produce` against a sink on a temp file, then moves the file into place; returns the bytes written. */
export async function writeFileAtomically(file: string, produce: (sink: ExportSink) => Promise<void>): Promise<number> {
  const target = resolve(file);
  try {
    return await writeFileDurably(target, async (write) => {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const drain = async (): Promise<void> => {
        if (pendingBytes === 0) return;
        const chunk = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await write(chunk);
      };
      await produce({
        async write(chunk) {
          const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          // A large chunk skips the buffer: copying megabytes of tensor data twice gains nothing.
          if (buf.length >= BUFFER_BYTES) {
            await drain();
            await write(buf);
          } else {
            pending.push(Buffer.from(buf));
            pendingBytes += buf.length;
            if (pendingBytes >= BUFFER_BYTES) await drain();
          }
        },
      });
      await drain();
    });
  } catch (err) {
    throw exportError(target, err);
  }
}
