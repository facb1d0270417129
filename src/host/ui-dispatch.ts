/**
 * One call of a UI, from an untrusted transport (Electron IPC, WebSocket) to the workbench handlers:
 * the method must exist, the request must parse with the method's UI schema (a save method's request
 * without `file`), the transport's guard must allow it, and for a save method the adapter picks the file.
 * Only then does a handler run, so a bad payload has no side effect (docs/reliability.md T4.3). The answer is
 * an ApiResult: errors cross as WireError `{ code, message, detail }`, stacks stay in the log.
 */
import type { ApiHandlers, ApiMethod } from '../shared/api';
import type { ApiResult, SaveMethod, UiRequest } from '../shared/api/transport';
import { isApiMethod, isSaveMethod, uiRequestSchema } from '../shared/api/transport';
import { EnasError, toWireError } from '../shared/errors';
import { describeIssues } from './describe-issues';
import type { Logger } from './ports';

/**
 * Picks the file a save method writes: a path, or undefined when the user cancelled. `context` is what the
 * transport knows of the caller (the window that asked, in the app).
 */
export type ChooseSaveFile<C> = (method: SaveMethod, request: UiRequest<SaveMethod>, context: C) => Promise<string | undefined>;

export interface UiDispatcher<C> {
  dispatch(method: string, request: unknown, context: C): Promise<ApiResult>;
}

/** A transport's own rule on a parsed request; throws an EnasError to refuse it before the handler runs. */
export type RequestGuard<C> = (method: ApiMethod, request: unknown, context: C) => void;

export function createUiDispatcher<C>(options: {
  handlers: ApiHandlers;
  chooseSaveFile: ChooseSaveFile<C>;
  guard?: RequestGuard<C>;
  log: Logger;
}): UiDispatcher<C> {
  const { handlers, chooseSaveFile, log } = options;
  const call = async (method: ApiMethod, request: unknown, context: C): Promise<unknown> => {
    const parsed = uiRequestSchema(method).safeParse(request);
    if (!parsed.success) {
      throw new EnasError('API_BAD_REQUEST', `${method}: ${describeIssues(parsed.error)}`, { method });
    }
    options.guard?.(method, parsed.data, context);
    let data = parsed.data;
    if (isSaveMethod(method)) {
      const file = await chooseSaveFile(method, parsed.data as UiRequest<SaveMethod>, context);
      if (file === undefined) throw new EnasError('SAVE_CANCELED', `${method}: the save was cancelled`, { method });
      data = { ...(parsed.data as object), file };
    }
    // The method and its parsed request correlate, which TypeScript cannot follow through the union.
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    return handler(data);
  };
  return {
    async dispatch(method, request, context) {
      try {
        if (!isApiMethod(method)) {
          throw new EnasError('API_UNKNOWN_METHOD', `unknown workbench method "${method.slice(0, 100)}"`, { method: method.slice(0, 100) });
        }
        return { ok: true, value: await call(method, request, context) };
      } catch (err) {
        const error = toWireError(err);
        if (error.code === 'INTERNAL') {
          log.log('error', `${method.slice(0, 100)} failed: ${error.message}`, { stack: err instanceof Error ? err.stack : undefined });
        }
        return { ok: false, error };
      }
    },
  };
}
