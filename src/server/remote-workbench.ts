/**
 * The workbench of another process, over its WebSocket API (the one the browser uses): what `enas search`
 * talks to when `enas serve` holds the database (handoff-file.ts). It offers the three things a CLI command
 * needs of a workbench: the handler map (each call a frame, each answer parsed with the method's response
 * schema, an error re-thrown as the EnasError it was), the pushed events, and `idle(runId)`. A dropped
 * connection fails what is pending with TRANSPORT_CLOSED: the run itself goes on in the server.
 */
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import { workbenchApi } from '../shared/api';
import type { ApiHandlers, ApiMethod, WorkbenchEvent } from '../shared/api';
import { API_METHODS, serverFrameSchema, TOKEN_PARAM, WS_PROTOCOL } from '../shared/api/transport';
import type { ApiResult } from '../shared/api/transport';
import { EnasError } from '../shared/errors';
import type { WireError } from '../shared/errors';
import type { RunRecord } from '../shared/run';

export interface RemoteWorkbench {
  readonly handlers: ApiHandlers;
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  /** Resolves once the run has ended (or paused); an `interrupted` run gets `restartGraceMs` to restart. */
  idle(runId: number): Promise<void>;
  close(): Promise<void>;
}

export interface RemoteWorkbenchOptions {
  /** `ws://HOST:PORT/api` */
  url: string;
  token: string;
  /** How long an interrupted run may take to be restarted by the server's restart policy; default 10 s. */
  restartGraceMs?: number;
}

/** The EnasError a WireError came from, its message as it was (not prefixed with the code a second time). */
function fromWire(error: WireError): EnasError {
  const err = new EnasError(error.code, '', error.detail);
  err.message = error.message;
  return err;
}

const SETTLED: readonly RunRecord['status'][] = ['completed', 'failed', 'stopped', 'paused'];

export async function connectRemoteWorkbench(options: RemoteWorkbenchOptions): Promise<RemoteWorkbench> {
  const url = `${options.url}?${TOKEN_PARAM}=${encodeURIComponent(options.token)}`;
  const ws = new WebSocket(url, WS_PROTOCOL);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      reject(new EnasError('TRANSPORT_CLOSED', `the workbench server at ${options.url} refused the connection (HTTP ${res.statusCode})`));
    });
    ws.once('error', (err) => reject(new EnasError('TRANSPORT_CLOSED', `cannot reach the workbench server at ${options.url}: ${err.message}`)));
  });
  const pending = new Map<number, { resolve(result: ApiResult): void }>();
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  const closeListeners = new Set<(err: EnasError) => void>();
  let nextId = 1;
  let closedBy: EnasError | undefined;

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return;
    }
    const parsed = serverFrameSchema.safeParse(raw);
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === 'result') {
      pending.get(frame.id)?.resolve(frame.result);
      pending.delete(frame.id);
    } else if (frame.type === 'events') {
      for (const event of frame.events) for (const listener of listeners) listener(event);
    }
  });
  ws.on('close', () => {
    closedBy = new EnasError('TRANSPORT_CLOSED', `the workbench server at ${options.url} closed the connection; a run it started goes on there`);
    for (const { resolve } of pending.values()) resolve({ ok: false, error: { code: closedBy.code, message: closedBy.message } });
    pending.clear();
    for (const listener of closeListeners) listener(closedBy);
  });
  ws.on('error', () => undefined);

  const call = async (method: ApiMethod, request: unknown): Promise<unknown> => {
    if (closedBy !== undefined) throw closedBy;
    const id = nextId++;
    const result = await new Promise<ApiResult>((resolve) => {
      pending.set(id, { resolve });
      ws.send(JSON.stringify({ id, method, request }));
    });
    if (!result.ok) throw fromWire(result.error);
    return workbenchApi[method].response.parse(result.value);
  };
  const handlers = Object.fromEntries(API_METHODS.map((method) => [method, (request: unknown) => call(method, request)])) as unknown as ApiHandlers;
  const subscribe = (listener: (event: WorkbenchEvent) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  return {
    handlers,
    subscribe,
    idle(runId) {
      return new Promise<void>((resolve, reject) => {
        let grace: ReturnType<typeof setTimeout> | undefined;
        const finish = (err?: EnasError): void => {
          clearTimeout(grace);
          unsubscribe();
          closeListeners.delete(finish);
          if (err) reject(err);
          else resolve();
        };
        const check = (run: RunRecord): void => {
          clearTimeout(grace);
          if (SETTLED.includes(run.status)) finish();
          // The server may restart it by itself (its restart policy); if it does not, it has ended.
          else if (run.status === 'interrupted') grace = setTimeout(() => finish(), options.restartGraceMs ?? 10_000);
        };
        const unsubscribe = subscribe((event) => {
          if (event.type === 'run-updated' && event.run.id === runId) check(event.run);
        });
        closeListeners.add(finish);
        handlers['runs.get']({ runId }).then(({ run }) => check(run), finish);
      });
    },
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1000, 'the command is done');
      });
    },
  };
}
