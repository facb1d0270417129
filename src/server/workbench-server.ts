/**
 * Browser mode (`enas serve`): one HTTP server that serves the built renderer and upgrades `/api` to a
 * WebSocket bound to the workbench API (api-socket.ts: token, subprotocol, same-origin). Loopback unless
 * `host` says otherwise. Every request, page or WebSocket, must also name this server in its Host header
 * (host-check.ts: DNS rebinding), or it is answered 421 Misdirected Request. `datasets.import` may name only a path in the upload
 * area (import-guard.ts): a browser uploads, it has no paths.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkbenchEvent } from '../shared/api';
import type { ApiHandlers } from '../shared/api';
import { TOKEN_PARAM } from '../shared/api/transport';
import { EnasError } from '../shared/errors';
import type { UploadArea } from '../host/datasets/upload-area';
import { systemClock } from '../host/ports';
import type { Clock, Logger } from '../host/ports';
import { createUiDispatcher } from '../host/ui-dispatch';
import { createApiSocket, refuseUpgrade } from './api-socket';
import { chooseExportTarget } from './export-target';
import { createHttpHandler } from './http-handler';
import { acceptedHostNames, hostAllowed } from './host-check';
import { uploadAreaImportGuard } from './import-guard';

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
  const api = createApiSocket({
    dispatcher,
    subscribe: options.workbench.subscribe,
    token: options.token,
    log: options.log,
    clock,
    ...(options.eventWindowMs === undefined ? {} : { eventWindowMs: options.eventWindowMs }),
  });
  server.on('upgrade', (req, socket, head) => {
    if (hostRefusal(req)) {
      refuseUpgrade(socket, 421, 'Misdirected Request');
      return;
    }
    api.upgrade(req, socket, head);
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
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
