/**
 * The one "whole or absent" file write of the project (docs/reliability.md T2.7): the content
 * goes to a new temp file beside the target, is fsynced and closed, renamed over the target, and the folder
 * is fsynced so the rename itself survives a power cut (rename alone is atomic but not durable). A failure
 * before the rename removes the temp file; a failure of the folder fsync removes the target too, since it
 * may not survive a crash. Checkpoints (trainer and store), exports and the import staging folder all use it.
 *
 * The file-system calls go through `DurableFs`, so the fault-injection tests can fail the Nth write, fsync
 * or rename without touching Node's fs module; `step` lets a caller turn each failure into its own error.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface DurableHandle {
  /** Writes `data` at `position`; returns how many bytes were written (possibly fewer). */
  write(data: Uint8Array, position: number): Promise<number>;
  /** fsync(2): the data is on disk when it resolves. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface DurableFs {
  /** Creates a new file; fails if it already exists. */
  create(path: string): Promise<DurableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** fsync(2) on a folder, so a rename in it is durable. */
  syncDir(dir: string): Promise<void>;
}

/**
 * fsync a folder. Windows cannot open a folder for fsync (and NTFS journals renames itself), so there it is
 * a no-op; everywhere else a failure is reported, never skipped.
 */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const nodeDurableFs: DurableFs = {
  async create(path) {
    const handle = await open(path, 'wx');
    return {
      write: async (data, position) => (await handle.write(data, 0, data.length, position)).bytesWritten,
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  syncDir,
};

/** Which call failed, for `step`. */
export type DurableOp = 'create' | 'write' | 'fsync' | 'close' | 'rename';

export interface DurableWriteOptions {
  fs?: DurableFs;
  /** The temp file's path; default `.<name>.<pid>-<n>.tmp` beside the target. */
  tempPath?: string;
  /** Runs each fs call; may turn its failure into the caller's own typed error. Default: runs it. */
  step?: <T>(op: DurableOp, path: string, call: () => Promise<T>) => Promise<T>;
}

/** Writes whatever `produce` writes through its callback; a short write is retried until complete. */
export type DurableProducer = (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>;

let tempCounter = 0;

/** The default temp name beside `target`. */
export function durableTempPath(target: string): string {
  tempCounter += 1;
  return join(dirname(target), `.${basename(target)}.${process.pid}-${tempCounter}.tmp`);
}

/** Writes `target` whole or not at all (see the top of this file); resolves to the bytes written. */
export async function writeFileDurably(target: string, content: Uint8Array | DurableProducer, options: DurableWriteOptions = {}): Promise<number> {
  const fs = options.fs ?? nodeDurableFs;
  const step = options.step ?? (<T>(_op: DurableOp, _path: string, call: () => Promise<T>) => call());
  const temp = options.tempPath ?? durableTempPath(target);
  const produce: DurableProducer = typeof content === 'function' ? content : (write) => write(content);
  let leftover: string | undefined;
  let bytes = 0;
  try {
    const file = await step('create', temp, () => fs.create(temp));
    leftover = temp;
    try {
      await produce(async (chunk) => {
        for (let done = 0; done < chunk.length; ) {
          const part = chunk.subarray(done);
          const written = await step('write', temp, async () => {
            const n = await file.write(part, bytes);
            if (n <= 0) throw new Error(`wrote ${n} bytes at offset ${bytes}`);
            return n;
          });
          done += written;
          bytes += written;
        }
      });
      await step('fsync', temp, () => file.sync());
    } finally {
      await step('close', temp, () => file.close());
    }
    await step('rename', temp, () => fs.rename(temp, target));
    leftover = target;
    await step('fsync', dirname(target), () => fs.syncDir(dirname(target)));
    leftover = undefined;
    return bytes;
  } catch (err) {
    if (leftover !== undefined) {
      const path = leftover;
      // If this fails too (the disk is gone), a start-up sweep removes the file later.
      await fs.unlink(path).catch(() => undefined);
    }
    throw err;
  }
}
