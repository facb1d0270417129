/**
 * Writes a checkpoint so that a crash at any instant leaves either the previous complete file or the new
 * complete file, never half of one (reliability.md T1.1/T2.1): temp name in the same directory, write, fsync,
 * rename, fsync the directory. Returns what the host records: path, size and sha256.
 */
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

export async function writeFileAtomic(path: string, data: Uint8Array): Promise<WrittenFile> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return { path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
