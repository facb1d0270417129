/**
 * The only door from the UI to the workbench. In the app it speaks to `window.enas` (the preload: Electron
 * IPC, one function per method); in a browser to `enas serve` over a WebSocket. Both answer the same
 * typed calls and push the same events, so the rest of the UI cannot tell which one it has.
 *
 * A call resolves to the method's response or rejects with a WorkbenchCallError carrying the stable error
 * code. The save methods (exports) take no file: the app asks with its save dialog, the server writes
 * into its exports folder, and the result says where the file went.
 */
import type { ApiMethod, ApiResponse, WorkbenchEvent } from '../../shared/api';
import { TOKEN_PARAM, WS_PATH, WS_PROTOCOL } from '../../shared/api/transport';
import type { ApiResult, PreloadApi, UiRequest } from '../../shared/api/transport';
import { createDatasetUploader } from './dataset-upload';
import type { DatasetUploader, XhrConstructor } from './dataset-upload';
import { createSocketClient } from './socket-client';
import type { SocketClient, SocketLike } from './socket-client';
import { WorkbenchCallError } from './workbench-call-error';

export { WorkbenchCallError };

export interface WorkbenchBridge {
  call<M extends ApiMethod>(method: M, request: UiRequest<M>): Promise<ApiResponse<M>>;
  /** Every batch of pushed events, in order; returns the function that stops listening. */
  onEvents(listener: (events: WorkbenchEvent[]) => void): () => void;
  /**
   * Whether the host is reachable: called at once with the state now, then false when the connection is
   * lost and true when it is back (events may have been missed in between: re-query what is shown). In a
   * browser the state starts false until the WebSocket opens; the app's IPC is always connected.
   */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** The real path of a dropped file, or null where there is none (a browser, or a file not on disk). */
  pathForFile(file: File): string | null;
  /**
   * Sends dropped files to the server for `datasets.importUpload` (browser mode); null in the app, which
   * imports dropped files from their real paths instead.
   */
  readonly uploadDataset: DatasetUploader | null;
}


/** The part of a transport the bridge builds on. */
export interface BridgeTransport {
  invoke(method: ApiMethod, request: unknown): Promise<ApiResult>;
  onEvents(listener: (events: WorkbenchEvent[]) => void): () => void;
  onConnection(listener: (connected: boolean) => void): () => void;
  pathForFile(file: File): string | null;
}

export function bridgeOver(transport: BridgeTransport, uploadDataset: DatasetUploader | null = null): WorkbenchBridge {
  return {
    uploadDataset,
    async call(method, request) {
      const result = await transport.invoke(method, request);
      if (!result.ok) throw new WorkbenchCallError(result.error.code, result.error.message, result.error.detail);
      // The host answered this method; its response type follows from the method.
      return result.value as ApiResponse<typeof method>;
    },
    onEvents: (listener) => transport.onEvents(listener),
    onConnection: (listener) => transport.onConnection(listener),
    pathForFile: (file) => transport.pathForFile(file),
  };
}

/** Over the preload's `window.enas`. */
export function preloadTransport(api: PreloadApi): BridgeTransport {
  return {
    invoke(method, request) {
      // A method this preload does not expose (an app older than the UI) answers as the server would.
      if (!Object.hasOwn(api, method)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'API_UNKNOWN_METHOD', message: `API_UNKNOWN_METHOD: unknown workbench method "${method}"` },
        });
      }
      return (api[method] as (request: unknown) => Promise<ApiResult>)(request);
    },
    onEvents: (listener) => api.onEvents(listener),
    onConnection(listener) {
      listener(true);
      return () => undefined;
    },
    pathForFile: (file) => api.pathForFile(file) || null,
  };
}

/** Over a WebSocket client. */
export function socketTransport(client: SocketClient): BridgeTransport {
  return {
    invoke: (method, request) => client.invoke(method, request),
    onEvents: (listener) => client.onEvents(listener),
    onConnection: (listener) => client.onConnection(listener),
    pathForFile: () => null,
  };
}

/** What createBridge uses of the page: the browser's `window`, or a stand-in in tests. */
export interface BridgePage {
  enas?: PreloadApi;
  location: { href: string; protocol: string; host: string };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  WebSocket: new (url: string, protocol: string) => SocketLike;
  /** For dataset uploads; without it (a stand-in page) the bridge has no uploader. */
  XMLHttpRequest?: XhrConstructor;
}

/**
 * The token of the page URL (`?token=…`), kept for this tab in sessionStorage and taken out of the address
 * bar, so it is not bookmarked, shared in a screenshot or sent on as a Referer.
 */
function takeToken(page: BridgePage): string {
  const url = new URL(page.location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl !== null) {
    page.sessionStorage.setItem(TOKEN_PARAM, fromUrl);
    url.searchParams.delete(TOKEN_PARAM);
    page.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return page.sessionStorage.getItem(TOKEN_PARAM) ?? '';
}

/** The bridge for this page: the preload's API in the app, a WebSocket to the page's server otherwise. */
export function createBridge(page: BridgePage): WorkbenchBridge {
  if (page.enas !== undefined) return bridgeOver(preloadTransport(page.enas));
  const scheme = page.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = takeToken(page);
  const url = `${scheme}//${page.location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const client = createSocketClient({
    url,
    protocol: WS_PROTOCOL,
    createSocket: (socketUrl, protocol) => new page.WebSocket(socketUrl, protocol),
  });
  return bridgeOver(socketTransport(client), page.XMLHttpRequest === undefined ? null : createDatasetUploader(token, page.XMLHttpRequest));
}
