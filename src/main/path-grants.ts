/**
 * Which files the page may ask main to import: those the user dropped (the preload reports the path
 * `webUtils.getPathForFile` gave, which only a real dropped or picked file has). A `datasets.import` over
 * IPC naming any other path is refused, so a compromised page cannot make main read, convert and preview
 * an arbitrary file such as ~/.ssh/id_rsa. Imports from main's own open dialog do not go through IPC.
 */
import { resolve } from 'node:path';
import { IPC_GRANT_PATH_CHANNEL } from '../shared/api/transport';
import { EnasError } from '../shared/errors';
import type { RequestGuard } from '../host/ui-dispatch';
import type { IpcSender, SenderCheck } from './sender-check';

/** Grants kept at most; a drop grants one path, so this bounds memory, not use. */
const MAX_GRANTS = 1000;

export interface PathGrants {
  grant(path: string): void;
  allows(path: string): boolean;
}

export function createPathGrants(): PathGrants {
  const granted = new Set<string>();
  return {
    grant(path) {
      const absolute = resolve(path);
      granted.delete(absolute);
      granted.add(absolute);
      if (granted.size > MAX_GRANTS) {
        const [oldest] = granted;
        if (oldest !== undefined) granted.delete(oldest);
      }
    },
    allows: (path) => granted.has(resolve(path)),
  };
}

/** Listens for grants from the preload of our windows; anything else on the channel is ignored. */
export function bindPathGrants(
  ipcMain: { on(channel: string, listener: (event: IpcSender, ...args: unknown[]) => void): void },
  isTrustedSender: SenderCheck,
  grants: PathGrants,
): void {
  ipcMain.on(IPC_GRANT_PATH_CHANNEL, (event, path) => {
    if (isTrustedSender(event) && typeof path === 'string' && path !== '' && path.length <= 4096 && !path.includes('\0')) {
      grants.grant(path);
    }
  });
}

/** The dispatcher guard: `datasets.import` only of a granted path. */
export function importGuard(grants: PathGrants): RequestGuard<IpcSender> {
  return (method, request) => {
    if (method !== 'datasets.import') return;
    const path = (request as { path: string }).path;
    if (!grants.allows(path)) {
      throw new EnasError(
        'TRANSPORT_FORBIDDEN_PATH',
        `datasets.import: ${path} was not dropped on the window: drop the file or folder, or use File › Import Dataset`,
        { path },
      );
    }
  };
}
