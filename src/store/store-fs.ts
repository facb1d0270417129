/**
 * The file-system calls checkpoint-files.ts makes, behind a small interface so a test can fail the Nth
 * write, fsync or rename (reliability.md T2.2, after SQLite's own I/O-error tests) without touching Node's
 * fs module.
 */
import { open, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';

export interface StoreFile {
  /** Writes `data` at `position`; returns how many bytes were written (possibly fewer). */
  write(data: Uint8Array, position: number): Promise<number>;
  /** fsync(2): the data is on disk when it resolves. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreFs {
  /** Creates the directory and its parents if missing. */
  mkdir(dir: string): Promise<void>;
  /** Creates a new file; fails if it already exists. */
  create(path: string): Promise<StoreFile>;
  /**
   * fsync(2) on a directory, so a rename in it survives a power cut (rename alone is atomic but not
   * durable).
   */
  syncDir(dir: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Entry names in `dir`; empty when the directory does not exist. */
  readdir(dir: string): Promise<string[]>;
  /** Size in bytes, or undefined when there is no such file. */
  size(path: string): Promise<number | undefined>;
}

function isMissing(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ENOENT';
}

export const nodeStoreFs: StoreFs = {
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async create(path) {
    const handle = await open(path, 'wx');
    return {
      write: async (data, position) => (await handle.write(data, 0, data.length, position)).bytesWritten,
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  async syncDir(dir) {
    // Windows cannot open a directory for fsync, and NTFS journals renames itself.
    if (process.platform === 'win32') return;
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  async readdir(dir) {
    try {
      return await readdir(dir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
  },
  async size(path) {
    try {
      const s = await stat(path);
      return s.isFile() ? s.size : undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  },
};
