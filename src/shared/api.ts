/**
 * The workbench API: every call a UI (Electron renderer, browser, CLI) can make of the host, as one map
 * `{ method: { request, response } }` of zod schemas, plus the events the host pushes. Adapters (ipcMain,
 * WebSocket) bind each method by name and parse the request with its schema; the preload builds one
 * function per method from the same map, so there is no generic `invoke(channel, …)` (docs/reliability.md T4.3).
 */
import type { z } from 'zod';
import { datasetsApi } from './api/datasets';
import { exportsApi } from './api/exports';
import { queriesApi } from './api/queries';
import { runsApi } from './api/runs';
import { studiesApi } from './api/studies';

export const workbenchApi = { ...runsApi, ...queriesApi, ...datasetsApi, ...exportsApi, ...studiesApi } as const;

export type ApiMethod = keyof typeof workbenchApi;

/** What a caller sends (defaults not yet applied). */
export type ApiRequest<M extends ApiMethod> = z.input<(typeof workbenchApi)[M]['request']>;
/** The request as a handler receives it: parsed, defaults applied. */
export type ApiParsedRequest<M extends ApiMethod> = z.output<(typeof workbenchApi)[M]['request']>;
export type ApiResponse<M extends ApiMethod> = z.output<(typeof workbenchApi)[M]['response']>;

/** The methods that change the database (`writes: true` in their spec): refused by a read-only workbench. */
export const DATABASE_WRITE_METHODS: readonly ApiMethod[] = (Object.keys(workbenchApi) as ApiMethod[]).filter((method) => workbenchApi[method].writes);

/** One handler per method: the shape the host implements and adapters bind. */
export type ApiHandlers = { [M in ApiMethod]: (request: ApiParsedRequest<M>) => Promise<ApiResponse<M>> };

export { workbenchEventSchema } from './api/events';
export type { WorkbenchEvent } from './api/events';
export type { RunDetail } from './api/runs';
export type { ApiMethodSpec } from './api/method-spec';
export type { ExportResult } from './api/exports';
