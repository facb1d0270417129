/**
 * `window.enas`, built from the shared contract: one function per API method, each invoking only its own
 * channel, plus the pushed events and the real path of a dropped file (which also grants main the right to
 * import it, see IPC_GRANT_PATH_CHANNEL). Nothing else crosses: no generic
 * `invoke(channel, …)`, no ipcRenderer, no event objects (whose `sender` would hand the page an
 * ipcRenderer). The keys are held to PRELOAD_KEYS by a test (docs/reliability.md T4.3).
 */
import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import type { WorkbenchEvent } from '../shared/api';
import { API_METHODS, IPC_EVENTS_CHANNEL, IPC_GRANT_PATH_CHANNEL, ipcChannelOf } from '../shared/api/transport';
import type { ApiResult, PreloadApi } from '../shared/api/transport';

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>;

export function buildPreloadApi(ipc: PreloadIpc, webUtils: Pick<WebUtils, 'getPathForFile'>): PreloadApi {
  const calls = Object.fromEntries(
    API_METHODS.map((method) => {
      const channel = ipcChannelOf(method);
      return [method, (request: unknown): Promise<ApiResult> => ipc.invoke(channel, request)];
    }),
  );
  const api = {
    ...calls,
    onEvents(listener: (events: WorkbenchEvent[]) => void): () => void {
      const relay = (_event: IpcRendererEvent, events: WorkbenchEvent[]): void => listener(events);
      ipc.on(IPC_EVENTS_CHANNEL, relay);
      return () => {
        ipc.removeListener(IPC_EVENTS_CHANNEL, relay);
      };
    },
    pathForFile(file: object): string {
      const path = webUtils.getPathForFile(file as File);
      // Sent before the page can use the path, on the same pipe as its later calls, so main sees the grant first.
      if (path !== '') ipc.send(IPC_GRANT_PATH_CHANNEL, path);
      return path;
    },
  };
  // `calls` has exactly one function per method (built from API_METHODS); TypeScript cannot see that
  // through Object.fromEntries.
  return api as unknown as PreloadApi;
}
