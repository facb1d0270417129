/**
 * Browser mode's rule for `datasets.import`: a browser has no paths of its own (it uploads, then calls
 * `datasets.importUpload`), so a `datasets.import` over the WebSocket may only name something inside the
 * upload area. Anything else (`/etc/passwd` as text, then `datasets.preview`; a home folder as an image
 * folder, then its thumbnails) would let whoever holds the token read any file the server user can.
 * The path is resolved through symlinks first, so a link inside the area cannot point out of it. The
 * desktop app has its own rule (src/main/path-grants.ts: only paths the user dropped or picked).
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { EnasError } from '../shared/errors';
import type { RequestGuard } from '../host/ui-dispatch';

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** True when `path` is `root` itself's descendant (not root, not a sibling that shares its prefix). */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The dispatcher guard of `enas serve`: `datasets.import` only inside `uploadRoot` (none at all without one). */
export function uploadAreaImportGuard(uploadRoot: string | undefined): RequestGuard<unknown> {
  return (method, request) => {
    if (method !== 'datasets.import') return;
    const path = (request as { path: string }).path;
    if (uploadRoot !== undefined && inside(realOrResolved(uploadRoot), realOrResolved(path))) return;
    throw new EnasError(
      'TRANSPORT_FORBIDDEN_PATH',
      `datasets.import: ${path} is not an upload of this server; in a browser, drop the files on the Datasets view (they are uploaded, then imported)`,
      { path },
    );
  };
}
