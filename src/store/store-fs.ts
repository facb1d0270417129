/**
 * The file-system calls checkpoint-files.ts makes, behind a small interface so a test can fail the Nth
 * write, fsync or rename (docs/reliability.md T2.2, after SQLite's own I/O-error tests) without touching Node's
 * fs module.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { nodeDurableFs } from '../io/durable-file';
import type { DurableFs, DurableHandle } from '../io/durable-file';

export type StoreFile = DurableHandle;

/** The durable write's calls (src/io/durable-file.ts) and the few more the store needs. */
export interface StoreFs extends DurableFs {
  /** Creates the directory and its parents if missing. */
  mkdir(dir: string): Promise<void>;
  /** Entry names in `dir`; empty when the directory does not exist. */
  readdir(dir: string): Promise<string[]>;
  /** Size in bytes, or undefined when there is no such file. */
  size(path: string): Promise<number | undefined>;
}

function isMissing(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ENOENT';
}

export const nodeStoreFs: StoreFs = {
  ...nodeDurableFs,
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
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
