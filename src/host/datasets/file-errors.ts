/**
 * What a failed stat/open/read of a user's file means, in words: DATASET_UNREADABLE (or NOT_A_FILE) with
 * the reason (dangling symlink, permission, symlink loop) and without the absolute path the system message
 * would leak into the UI.
 */
import { lstat } from 'node:fs/promises';
import { dataError } from '../../core/data/data-error';

/** The errno code of a thrown Node error ('' when there is none). */
export function errnoOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

/** DATASET_UNREADABLE with the reason in words, for an error thrown by stat/open/read. */
export async function unreadable(err: unknown, path: string, name: string): Promise<Error> {
  const code = errnoOf(err);
  if (code === 'ENOENT') {
    const link = await lstat(path).catch(() => undefined);
    return dataError(
      'DATASET_UNREADABLE',
      name,
      link?.isSymbolicLink() ? 'is a symbolic link to a file that does not exist' : 'does not exist',
    );
  }
  if (code === 'EACCES' || code === 'EPERM') return dataError('DATASET_UNREADABLE', name, 'cannot be read: permission denied');
  if (code === 'ELOOP') return dataError('DATASET_UNREADABLE', name, 'is a loop of symbolic links');
  if (code === 'ENOTDIR') return dataError('DATASET_UNREADABLE', name, 'is not a folder');
  if (code === 'EISDIR') return dataError('DATASET_NOT_A_FILE', name, 'is a folder, expected a file');
  // The system message names our absolute path; the code alone says what happened without leaking it.
  return dataError('DATASET_UNREADABLE', name, `cannot be read (${code || (err instanceof Error ? err.message : String(err))})`);
}
