/**
 * How the workbench API travels between a UI and the host, in the app (Electron IPC through the preload)
 * and in browser mode (a WebSocket). Both carry the same things: a call by method name answered by an
 * `ApiResult` envelope (an error crosses as a WireError, never as a thrown object whose code would be lost
 * on the way), and batches of pushed events.
 *
 * A UI never names a file to write: for the save methods (exports) the adapter picks the file, from the
 * save dialog of the main process in the app, inside the server's exports folder in browser mode
 * (docs/reliability.md T4.6). Their UI request is the API request without `file`, and a `file` is refused.
 */
import { z } from 'zod';
import { wireErrorSchema } from '../errors';
import type { WireError } from '../errors';
import { workbenchEventSchema } from './events';
import type { WorkbenchEvent } from './events';
import { exportsApi } from './exports';
import { workbenchApi } from '../api';
import type { ApiMethod, ApiRequest, ApiResponse } from '../api';

export const API_METHODS = Object.keys(workbenchApi) as ApiMethod[];

export function isApiMethod(method: string): method is ApiMethod {
  return Object.hasOwn(workbenchApi, method);
}

/** The methods that write a file the adapter chooses. */
export type SaveMethod = keyof typeof exportsApi;

export function isSaveMethod(method: ApiMethod): method is SaveMethod {
  return Object.hasOwn(exportsApi, method);
}

/** What a UI sends for a method: the API request, less `file` for the save methods. */
export type UiRequest<M extends ApiMethod> = M extends SaveMethod ? Omit<ApiRequest<M>, 'file'> : ApiRequest<M>;

/** The schema an adapter parses a UI request with: strict for the save methods, so a `file` is refused. */
export function uiRequestSchema(method: ApiMethod): z.ZodType {
  if (!isSaveMethod(method)) return workbenchApi[method].request;
  const { file: _file, ...shape } = exportsApi[method].request.shape;
  return z.strictObject(shape);
}

/** The answer to one call. */
const apiResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: wireErrorSchema }),
]);
export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

// ---------------------------------------------------------------- Electron IPC

/** One `ipcMain.handle` channel per method, so the preload exposes no generic `invoke(channel, …)`. */
export function ipcChannelOf(method: ApiMethod): `enas:api:${ApiMethod}` {
  return `enas:api:${method}`;
}

/** Main → renderer: a batch of pushed events (`WorkbenchEvent[]`). */
export const IPC_EVENTS_CHANNEL = 'enas:events';

/**
 * Preload → main: a path `webUtils.getPathForFile` gave for a file the user dropped. Only real dropped or
 * picked files have a path (a File made by script has none), so main imports only paths granted this way
 * or chosen in its own dialogs: a compromised page cannot make it read an arbitrary file.
 */
export const IPC_GRANT_PATH_CHANNEL = 'enas:grant-path';

/**
 * `window.enas`, what the preload exposes: one function per API method, resolving to its `ApiResult`,
 * the pushed events, and the real path of a dropped file (Electron's `webUtils.getPathForFile`).
 */
export type PreloadApi = { [M in ApiMethod]: (request: UiRequest<M>) => Promise<ApiResult<ApiResponse<M>>> } & {
  /** Calls `listener` with every batch of pushed events; returns the function that stops it. */
  onEvents(listener: (events: WorkbenchEvent[]) => void): () => void;
  /**
   * The absolute path of a `File` the user dropped; '' for one that is not on disk. (Typed `object`: the
   * shared contract compiles without the DOM library.)
   */
  pathForFile(file: object): string;
};

/** Every key of `window.enas`; the preload test holds the exposed object to exactly this list. */
export const PRELOAD_KEYS = [...API_METHODS, 'onEvents', 'pathForFile'] as const;

// ---------------------------------------------------------------- WebSocket

/** The WebSocket subprotocol; a server refuses a client that speaks another. */
export const WS_PROTOCOL = 'enas-workbench.v1';
/** The path of the WebSocket endpoint. */
export const WS_PATH = '/api';
/** The query parameter (of the page URL and of the WebSocket URL) that carries the access token. */
export const TOKEN_PARAM = 'token';

/** Client → server: one call. `id` is the client's, echoed in the result. */
export const clientFrameSchema = z.object({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(100),
  request: z.unknown(),
});

/** Server → client. `rejected` answers a frame too broken to have an id. */
export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: apiResultSchema }),
  z.object({ type: z.literal('events'), events: z.array(workbenchEventSchema) }),
  z.object({ type: z.literal('rejected'), error: wireErrorSchema }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
