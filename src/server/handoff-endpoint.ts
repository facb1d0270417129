/**
 * The CLI hand-off of a workbench that serves no browser: the desktop app holds the database, and
 * `enas search --db` on it should hand its run over and follow it, as it does with `enas serve`. This is
 * `enas serve`'s API and nothing else: an HTTP server on 127.0.0.1 (a free port) whose only answer is the
 * authenticated WebSocket at `/api` (api-socket.ts: token, subprotocol, same-origin), behind the same Host
 * check (host-check.ts: DNS rebinding), and the same `<db>.server.json` (handoff-file.ts: mode 0600, removed
 * on close). No page, upload or download is served. `datasets.import` by path is refused: the caller's
 * paths were never granted by the user of the app (src/main/path-grants.ts), so a path import goes through
 * the app's window, or `enas import` when the app is closed.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiHandlers, WorkbenchEvent } from '../shared/api';
import { WS_PATH } from '../shared/api/transport';
import { EnasError } from '../shared/errors';
import { systemClock } from '../host/ports';
import type { Clock, Logger } from '../host/ports';
import { createUiDispatcher } from '../host/ui-dispatch';
import { createAccessToken } from './access-token';
import { createApiSocket, refuseUpgrade } from './api-socket';
import { chooseExportTarget } from './export-target';
import { writeHandoffFile } from './handoff-file';
import type { Handoff } from './handoff-file';
import { acceptedHostNames, hostAllowed } from './host-check';

const LOOPBACK = '127.0.0.1';

export interface HandoffEndpointOptions {
  workbench: { handlers: ApiHandlers; subscribe(listener: (event: WorkbenchEvent) => void): () => void };
  /** The database the workbench holds: the hand-off file is written beside it. */
  dbFile: string;
  /** Where an export asked over the endpoint is written (the data folder's `exports`). */
  exportsDir: string;
  holder: Handoff['holder'];
  log: Logger;
  clock?: Clock;
  eventWindowMs?: number;
}

export interface HandoffEndpoint {
  /** `ws://127.0.0.1:PORT/api`, as the hand-off file gives it. */
  readonly url: string;
  /** Removes the hand-off file, drops every connection and stops listening. */
  close(): Promise<void>;
}

export async function startHandoffEndpoint(options: HandoffEndpointOptions): Promise<HandoffEndpoint> {
  const token = createAccessToken();
  const dispatcher = createUiDispatcher<void>({
    handlers: options.workbench.handlers,
    log: options.log,
    guard: (method, request) => {
      if (method !== 'datasets.import') return;
      const path = (request as { path: string }).path;
      throw new EnasError(
        'TRANSPORT_FORBIDDEN_PATH',
        `datasets.import: the app imports only what its user dropped or picked (${path} was neither): import it in the app's Datasets view`,
        { path },
      );
    },
    chooseSaveFile: async (method, request) => chooseExportTarget(options.exportsDir, method, request),
  });
  const api = createApiSocket({
    dispatcher,
    subscribe: options.workbench.subscribe,
    token,
    log: options.log,
    clock: options.clock ?? systemClock,
    ...(options.eventWindowMs === undefined ? {} : { eventWindowMs: options.eventWindowMs }),
  });
  const acceptedHosts = acceptedHostNames(LOOPBACK);
  let port = 0;
  const misdirected = (req: IncomingMessage): boolean => {
    if (hostAllowed(req.headers.host, acceptedHosts, port)) return false;
    options.log.log('warn', `hand-off endpoint: refused a request for host "${req.headers.host ?? ''}"`);
    return true;
  };
  const server = createServer((req, res) => {
    const status = misdirected(req) ? 421 : 404;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
    res.end(`this endpoint serves only the workbench API to \`enas\` commands (a WebSocket at ${WS_PATH})\n`);
  });
  server.on('upgrade', (req, socket, head) => {
    if (misdirected(req)) refuseUpgrade(socket, 421, 'Misdirected Request');
    else api.upgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: Error) =>
      reject(new EnasError('SERVER_LISTEN_FAILED', `the hand-off endpoint cannot listen on ${LOOPBACK}: ${err.message}`, { host: LOOPBACK })),
    );
    server.listen(0, LOOPBACK, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `ws://${LOOPBACK}:${port}${WS_PATH}`;
  let removeFile: () => void;
  try {
    removeFile = writeHandoffFile(options.dbFile, { url, token, holder: options.holder });
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    url,
    async close() {
      removeFile();
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
