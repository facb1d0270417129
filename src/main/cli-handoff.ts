/**
 * The app accepts the CLI's hand-off as `enas serve` does: while the app holds a database, `enas search
 * --db` on it finds `<db>.server.json` (mode 0600) and hands its run to the app over the workbench API on a
 * loopback WebSocket, then follows it in the terminal while it appears live in the window (the endpoint is
 * src/server/handoff-endpoint.ts, the same socket code `enas serve` runs). The app works without it: a
 * failure to listen or to write the file is logged and the CLI is refused WORKBENCH_LOCKED, as before.
 */
import { join } from 'node:path';
import type { ApiHandlers, WorkbenchEvent } from '../shared/api';
import { toWireError } from '../shared/errors';
import type { Logger } from '../host/ports';
import { startHandoffEndpoint } from '../server/handoff-endpoint';

export interface CliHandoffOptions {
  workbench: { handlers: ApiHandlers; subscribe(listener: (event: WorkbenchEvent) => void): () => void };
  dbFile: string;
  dataDir: string;
  log: Logger;
}

/** Starts the endpoint; resolves to the function that stops it (a no-op when it could not start). */
export async function acceptCliHandoff(options: CliHandoffOptions): Promise<() => Promise<void>> {
  try {
    const endpoint = await startHandoffEndpoint({
      workbench: options.workbench,
      dbFile: options.dbFile,
      exportsDir: join(options.dataDir, 'exports'),
      holder: 'app',
      log: options.log,
    });
    options.log.log('info', `enas commands on ${options.dbFile} hand their runs to this app (${endpoint.url})`);
    return () => endpoint.close();
  } catch (err) {
    options.log.log('warn', `enas commands cannot hand their runs to this app: ${toWireError(err).message}`);
    return async () => undefined;
  }
}
