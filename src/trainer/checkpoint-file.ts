/**
 * Writes a checkpoint so that a crash at any instant leaves either the previous complete file or the new
 * complete file, never half of one (docs/reliability.md T2.7: src/io/durable-file.ts). Returns
 * what the host records: path, size and sha256.
 */
import { createHash } from 'node:crypto';
import { writeFileDurably } from '../io/durable-file';

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

export async function writeFileAtomic(path: string, data: Uint8Array): Promise<WrittenFile> {
  await writeFileDurably(path, data);
  return { path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
