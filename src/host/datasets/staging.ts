/**
 * All-or-nothing writes into the data directory: an import writes its files into a private staging folder
 * (`<dataDir>/.staging/<uuid>`), fsyncs them, and renames the folder into place in one step; on any failure
 * the staging folder is removed, so a reader never sees half a dataset (docs/architecture.md §6, docs/reliability.md T3.1).
 *
 * Writes go through `DatasetFs`, a port small enough to wrap: the fault-injection tests of docs/reliability.md
 * T2.2 fail its Nth write, fsync or rename.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dataError } from '../../core/data/data-error';
import { syncDir } from '../../io/durable-file';
import { EnasError } from '../../shared/errors';

export interface WritableFile {
  write(bytes: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface DatasetFs {
  mkdir(path: string): Promise<void>;
  /** Create a new file (it must not exist) for writing. */
  create(path: string): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  /** Remove a file or folder recursively; no error if absent. */
  remove(path: string): Promise<void>;
  /** fsync a folder, so a rename inside it is durable. */
  syncDir(path: string): Promise<void>;
  /** Entry names of a folder, [] if it does not exist. */
  list(path: string): Promise<string[]>;
}

export const nodeDatasetFs: DatasetFs = {
  mkdir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  create: async (path) => {
    const handle = await open(path, 'wx');
    return {
      write: async (bytes) => {
        let done = 0;
        while (done < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
          done += bytesWritten;
        }
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { recursive: true, force: true }),
  syncDir: (path) => syncDir(path),
  list: (path) => readdir(path).catch(() => []),
};

const STAGING = '.staging';

/** Wrap a failed write as DATASET_WRITE_FAILED naming the path; dataset errors pass through. */
export function writeFailed(err: unknown, path: string): EnasError {
  if (err instanceof EnasError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return dataError('DATASET_WRITE_FAILED', path, `could not be written (${message}); nothing was imported`);
}

/** A buffered output file inside a staging folder; counts what it wrote. */
export class OutputFile {
  private buffer = new Uint8Array(1 << 20);
  private used = 0;
  bytes = 0;

  constructor(
    readonly name: string,
    private readonly path: string,
    private readonly file: WritableFile,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.bytes += bytes.length;
    if (this.used + bytes.length > this.buffer.length) await this.flush();
    if (bytes.length >= this.buffer.length) {
      await this.guard(this.file.write(bytes));
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const chunk = this.buffer.slice(0, this.used);
    this.used = 0;
    await this.guard(this.file.write(chunk));
  }

  private async guard(op: Promise<void>): Promise<void> {
    try {
      await op;
    } catch (err) {
      throw writeFailed(err, this.path);
    }
  }

  /** Flush, fsync and close. */
  async finish(): Promise<void> {
    await this.flush();
    await this.guard(this.file.sync());
    await this.guard(this.file.close());
  }

  /** Close without flushing, ignoring errors: the folder is about to be removed. */
  async abandon(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }
}

export class Staging {
  private readonly open = new Set<OutputFile>();
  private committed = false;

  /** True once the folder was renamed into place (even if the fsync after it failed). */
  get isCommitted(): boolean {
    return this.committed;
  }

  private constructor(
    private readonly fs: DatasetFs,
    readonly dir: string,
  ) {}

  static async create(fs: DatasetFs, dataDir: string): Promise<Staging> {
    const dir = join(dataDir, STAGING, randomUUID());
    try {
      await fs.mkdir(dir);
    } catch (err) {
      await fs.remove(dir).catch(() => undefined);
      throw writeFailed(err, dir);
    }
    return new Staging(fs, dir);
  }

  /** Leftover staging folders of imports killed mid-way: remove them, e.g. at start-up. */
  static async removeStale(fs: DatasetFs, dataDir: string): Promise<number> {
    const names = await fs.list(join(dataDir, STAGING));
    for (const name of names) await fs.remove(join(dataDir, STAGING, name));
    return names.length;
  }

  async file(name: string): Promise<OutputFile> {
    const path = join(this.dir, name);
    let handle: WritableFile;
    try {
      handle = await this.fs.create(path);
    } catch (err) {
      throw writeFailed(err, path);
    }
    const out = new OutputFile(name, path, handle);
    this.open.add(out);
    return out;
  }

  /** Finish an output file (flush, fsync, close). */
  async close(out: OutputFile): Promise<void> {
    this.open.delete(out);
    try {
      await out.finish();
    } catch (err) {
      await out.abandon();
      throw err;
    }
  }

  /** Write a small file in one go. */
  async writeFile(name: string, bytes: Uint8Array): Promise<number> {
    const out = await this.file(name);
    await out.write(bytes);
    await this.close(out);
    return bytes.length;
  }

  /** Delete a scratch file of this staging folder. */
  async removeFile(name: string): Promise<void> {
    try {
      await this.fs.remove(join(this.dir, name));
    } catch (err) {
      throw writeFailed(err, join(this.dir, name));
    }
  }

  /** Move the finished folder to `target` in one rename and make the rename durable. */
  async commit(target: string): Promise<void> {
    if (this.open.size > 0) throw new Error(`staging ${this.dir}: ${this.open.size} files still open at commit`);
    try {
      await this.fs.syncDir(this.dir);
      await this.fs.rename(this.dir, target);
      this.committed = true;
      await this.fs.syncDir(join(target, '..'));
    } catch (err) {
      throw writeFailed(err, target);
    }
  }

  /** Remove the staging folder unless it was committed; safe to call more than once. */
  async discard(): Promise<void> {
    for (const out of this.open) await out.abandon();
    this.open.clear();
    if (!this.committed) await this.fs.remove(this.dir);
  }
}
