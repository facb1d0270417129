/**
 * The browser-mode transport: one WebSocket to `enas serve` (path /api, our subprotocol, the access token
 * from the page URL), calls matched to results by id, pushed event batches, and reconnection with backoff
 * when the connection drops. Calls made while disconnected wait for the connection; calls in flight when it
 * drops are answered TRANSPORT_CLOSED, since the server may or may not have run them. Frames from the
 * server are parsed with the shared schema before anything is done with them.
 */
import { serverFrameSchema } from '../../shared/api/transport';
import type { ApiResult } from '../../shared/api/transport';
import type { WorkbenchEvent } from '../../shared/api';

/** What the client needs of a WebSocket: the browser's class, or `ws` in tests. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface SocketClientOptions {
  /** `ws://host:port/api?token=…` */
  url: string;
  protocol: string;
  createSocket(url: string, protocol: string): SocketLike;
  /** First reconnect delay, doubled up to `maxDelayMs`; default 500 ms and 10 s. */
  retryDelayMs?: number;
  maxDelayMs?: number;
}

export interface SocketClient {
  invoke(method: string, request: unknown): Promise<ApiResult>;
  onEvents(listener: (events: WorkbenchEvent[]) => void): () => void;
  /** Calls `listener` with the state now (false until the first connection opens), then on every change. */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** Closes for good: no reconnect, pending calls answered TRANSPORT_CLOSED. */
  close(): void;
}

const OPEN = 1;

function closedResult(message: string): ApiResult {
  return { ok: false, error: { code: 'TRANSPORT_CLOSED', message: `TRANSPORT_CLOSED: ${message}` } };
}

export function createSocketClient(options: SocketClientOptions): SocketClient {
  const retryDelayMs = options.retryDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const pending = new Map<number, (result: ApiResult) => void>();
  const queued: { frame: string; id: number }[] = [];
  const eventListeners = new Set<(events: WorkbenchEvent[]) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let socket: SocketLike | undefined;
  let connected = false;
  let closed = false;
  let delay = retryDelayMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const onFrame = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = serverFrameSchema.safeParse(raw);
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === 'result') {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      resolve?.(frame.result);
    } else if (frame.type === 'events') {
      for (const listener of eventListeners) listener(frame.events);
    } else {
      console.warn(`the workbench server rejected a frame: ${frame.error.message}`);
    }
  };

  const connect = (): void => {
    if (closed) return;
    const ws = options.createSocket(options.url, options.protocol);
    socket = ws;
    ws.addEventListener('open', () => {
      delay = retryDelayMs;
      setConnected(true);
      for (const { frame } of queued.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (event) => onFrame(event.data));
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      setConnected(false);
      for (const [id, resolve] of pending) {
        if (queued.some((q) => q.id === id)) continue;
        pending.delete(id);
        resolve(closedResult('the connection to the workbench server closed before it answered; the call may or may not have run'));
      }
      if (closed) return;
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelayMs);
    });
  };
  connect();

  return {
    invoke(method, request) {
      if (closed) return Promise.resolve(closedResult('the workbench connection was closed'));
      const id = nextId++;
      const frame = JSON.stringify({ id, method, request });
      return new Promise<ApiResult>((resolve) => {
        pending.set(id, resolve);
        if (socket !== undefined && socket.readyState === OPEN) socket.send(frame);
        else queued.push({ frame, id });
      });
    },
    onEvents(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      socket?.close(1000, 'closed by the page');
      socket = undefined;
      setConnected(false);
      queued.length = 0;
      for (const resolve of pending.values()) resolve(closedResult('the workbench connection was closed'));
      pending.clear();
    },
  };
}
