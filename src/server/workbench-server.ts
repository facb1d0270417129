/**
 * Browser mode (`enas serve`): one HTTP server that serves the built renderer and upgrades `/api` to a
 * WebSocket bound to the workbench API. Loopback unless `host` says otherwise. Every WebSocket must
 * present the access token (`?token=`), speak our subprotocol and, when a browser sends an Origin, come
 * from the page this server served: a cross-site page cannot open it (cross-site WebSocket hijacking).
 * A refused upgrade is answered with an HTTP status and no WebSocket is ever created, so it gets nothing.
 * Every request, page or WebSocket, must also name this server in its Host header (host-check.ts: DNS
 * rebinding), or it is answered 421 Misdirected Request. `datasets.import` may name only a path in the upload
 * area (import-guard.ts): a browser uploads, it has no paths.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { WorkbenchEvent } from '../shared/api';
import type { ApiHandlers } from '../shared/api';
import { TOKEN_PARAM, WS_PATH, WS_PROTOCOL } from '../shared/api/transport';
import { EnasError } from '../shared/errors';
import type { UploadArea } from '../host/datasets/upload-area';
import { DEFAULT_EVENT_WINDOW_MS } from '../host/event-batcher';
import { systemClock } from '../host/ports';
import type { Clock, Logger } from '../host/ports';
import { createUiDispatcher } from '../host/ui-dispatch';
import { tokenMatches } from './access-token';
import { chooseExportTarget } from './export-target';
import { createHttpHandler } from './http-handler';
import { acceptedHostNames, hostAllowed } from './host-check';
import { uploadAreaImportGuard } from './import-guard';
import { bindSocket } from './socket-session';

/** A call larger than this is refused by ws itself (close 1009): no request of the API comes near it. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export interface WorkbenchServerOptions {
  workbench: { handlers: ApiHandlers; subscribe(listener: (event: WorkbenchEvent) => void): () => void; uploads?: UploadArea };
  rendererDir: string;
  exportsDir: string;
  token: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  clock?: Clock;
  eventWindowMs?: number;
}

export interface WorkbenchServer {
  /** `http://HOST:PORT/?token=…`, the URL to open. */
  readonly url: string;
  readonly port: number;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\n\r\n${reason}\n`);
}

/** Why an upgrade is refused, or undefined to accept it. */
function checkUpgrade(req: IncomingMessage, token: string): { status: number; reason: string } | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== WS_PATH) return { status: 404, reason: 'Not Found' };
  if (!tokenMatches(token, url.searchParams.get(TOKEN_PARAM))) return { status: 401, reason: 'Unauthorized' };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return { status: 403, reason: 'Forbidden' };
    }
    if (originHost !== req.headers.host) return { status: 403, reason: 'Forbidden' };
  }
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(WS_PROTOCOL)) return { status: 400, reason: 'Bad Request' };
  return undefined;
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startWorkbenchServer(options: WorkbenchServerOptions): Promise<WorkbenchServer> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const dispatcher = createUiDispatcher<void>({
    handlers: options.workbench.handlers,
    log: options.log,
    guard: uploadAreaImportGuard(options.workbench.uploads?.root),
    chooseSaveFile: async (method, request) => chooseExportTarget(options.exportsDir, method, request),
  });
  const uploads = options.workbench.uploads;
  const handleHttp = createHttpHandler({ ...options, ...(uploads === undefined ? {} : { uploads }) });
  const acceptedHosts = acceptedHostNames(host);
  // The port is known once listening; no request arrives before that.
  let port = options.port;
  const hostRefusal = (req: IncomingMessage): boolean => {
    if (hostAllowed(req.headers.host, acceptedHosts, port)) return false;
    options.log.log('warn', `refused a request from ${req.socket.remoteAddress ?? '?'} for host "${req.headers.host ?? ''}"`);
    return true;
  };
  const server = createServer((req, res) => {
    if (hostRefusal(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('misdirected request: this server answers only to the host it was started on\n');
      return;
    }
    handleHttp(req, res);
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    if (hostRefusal(req)) {
      refuse(socket, 421, 'Misdirected Request');
      return;
    }
    const refusal = checkUpgrade(req, options.token);
    if (refusal !== undefined) {
      options.log.log('warn', `refused a WebSocket from ${req.socket.remoteAddress ?? '?'}: ${refusal.status} ${refusal.reason}`);
      refuse(socket, refusal.status, refusal.reason);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      bindSocket(ws, {
        dispatcher,
        subscribe: options.workbench.subscribe,
        clock,
        log: options.log,
        eventWindowMs: options.eventWindowMs ?? DEFAULT_EVENT_WINDOW_MS,
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'the port is in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
      reject(
        new EnasError('SERVER_LISTEN_FAILED', `cannot listen on ${host}:${options.port} (${why}): pass --port N (0 picks a free port)`, {
          host,
          port: options.port,
          inUse: err.code === 'EADDRINUSE',
        }),
      );
    });
    server.listen(options.port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${displayHost(host)}:${port}/?${TOKEN_PARAM}=${options.token}`,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
