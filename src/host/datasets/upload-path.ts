/**
 * The relative path a browser gives an uploaded file (`folder/class/img.png`), checked before anything
 * touches the disk: it must stay inside its upload folder whatever the name says. So it is taken apart into
 * segments and every segment is refused that could climb out or mean something else to a file system
 * (`..`, `.`, empty, a backslash that Windows reads as a separator, NUL and control characters), as are
 * absolute paths and paths too deep or too long to be a real dropped dataset (docs/reliability.md T4.3).
 */
import { EnasError } from '../../shared/errors';

/** A class folder of images is 3 deep (root/class/image); 16 leaves room for nested layouts. */
export const MAX_UPLOAD_PATH_DEPTH = 16;
/** Longest segment, in UTF-8 bytes: NAME_MAX of ext4 and most file systems. */
const MAX_SEGMENT_BYTES = 255;
/** Longest whole path, in UTF-8 bytes. */
export const MAX_UPLOAD_PATH_BYTES = 1024;

// Control characters (C0 and DEL): NUL ends a C string early, the rest confuse terminals and logs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function refuse(path: string, why: string): EnasError {
  const shown = JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
  return new EnasError('UPLOAD_BAD_PATH', `${shown}: ${why}; expected a relative path like "folder/class/image.png"`, { file: path });
}

/** The segments of a safe relative path, or UPLOAD_BAD_PATH naming the problem. */
export function uploadPathSegments(path: string): string[] {
  if (path === '') throw refuse(path, 'the path is empty');
  if (new TextEncoder().encode(path).length > MAX_UPLOAD_PATH_BYTES) throw refuse(path, `the path is over ${MAX_UPLOAD_PATH_BYTES} bytes`);
  if (CONTROL.test(path)) throw refuse(path, 'the path holds a NUL or control character');
  if (path.includes('\\')) throw refuse(path, 'the path holds a backslash');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw refuse(path, 'the path is absolute');
  const segments = path.split('/');
  if (segments.length > MAX_UPLOAD_PATH_DEPTH) throw refuse(path, `the path is ${segments.length} folders deep, at most ${MAX_UPLOAD_PATH_DEPTH} are accepted`);
  for (const segment of segments) {
    if (segment === '') throw refuse(path, 'the path has an empty segment (a doubled or trailing "/")');
    if (segment === '.' || segment === '..') throw refuse(path, `the path has a "${segment}" segment`);
    if (new TextEncoder().encode(segment).length > MAX_SEGMENT_BYTES) throw refuse(path, `a name is over ${MAX_SEGMENT_BYTES} bytes`);
  }
  return segments;
}
