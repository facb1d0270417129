/**
 * The workbench API as an authenticated WebSocket at `/api`: what both `enas serve` (for the browser and the
 * CLI's hand-off) and the desktop app's hand-off endpoint (handoff-endpoint.ts) accept on an HTTP upgrade.
 * Every WebSocket must present the access token (`?token=`), speak our subprotocol and, when a browser sends
 * an Origin, come from a page of the same host: a cross-site page cannot open it (cross-site WebSocket
 * hijacking). A refused upgrade is answered with an HTTP status and no WebSocket is ever created, so it gets
 * nothing. The Host check (host-check.ts) is the caller's, since it guards plain requests too.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { WorkbenchEvent } from '../shared/api';
import { TOKEN_PARAM, WS_PATH, WS_PROTOCOL } from '../shared/api/transport';
import { DEFAULT_EVENT_WINDOW_MS } from '../host/event-batcher';
import type { Clock, Logger } from '../host/ports';
import type { UiDispatcher } from '../host/ui-dispatch';
import { tokenMatches } from './access-token';
import { bindSocket } from './socket-session';

/** A call larger than this is refused by ws itself (close 1009): no request of the API comes near it. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export interface ApiSocketOptions {
  dispatcher: UiDispatcher<void>;
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  token: string;
  log: Logger;
  clock: Clock;
  eventWindowMs?: number;
}

export interface ApiSocket {
  /** Accepts or refuses one HTTP upgrade (the server's `upgrade` event, after its Host check). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every connection. */
  close(): Promise<void>;
}

/** Answers a refused upgrade (or a misdirected one) with a bare HTTP status and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
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

export function createApiSocket(options: ApiSocketOptions): ApiSocket {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  return {
    upgrade(req, socket, head) {
      const refusal = checkUpgrade(req, options.token);
      if (refusal !== undefined) {
        options.log.log('warn', `refused a WebSocket from ${req.socket.remoteAddress ?? '?'}: ${refusal.status} ${refusal.reason}`);
        refuseUpgrade(socket, refusal.status, refusal.reason);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        bindSocket(ws, {
          dispatcher: options.dispatcher,
          subscribe: options.subscribe,
          clock: options.clock,
          log: options.log,
          eventWindowMs: options.eventWindowMs ?? DEFAULT_EVENT_WINDOW_MS,
        });
      });
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
