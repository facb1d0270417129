/**
 * `enas serve [--port N] [--host ADDR] [--db FILE]`: browser mode. Opens the workbench (the writer of the
 * database), imports the embedded datasets on first start, serves the built UI and the API over a
 * WebSocket, and prints the URL with its access token, as Jupyter does. Loopback unless `--host` exposes
 * it deliberately. Runs until Ctrl-C, then stops the trainers (each checkpoints first) and closes.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EnasError } from '../../shared/errors';
import { workbenchPaths } from '../../host/data-paths';
import { registerEmbeddedDatasets } from '../../host/embedded-datasets';
import type { Logger } from '../../host/ports';
import { createAccessToken } from '../../server/access-token';
import { writeHandoffFile } from '../../server/handoff-file';
import { WS_PATH } from '../../shared/api/transport';
import { startWorkbenchServer } from '../../server/workbench-server';
import type { CliIo } from '../cli-io';
import { openCliWorkbench } from '../cli-workbench';
import { resourcesDatasetsDir } from '../embedded-data';
import type { CliCommand } from '../command';
import { EXIT } from '../command';

const SERVE_USAGE = 'enas serve [--port N] [--host ADDR] [--db FILE]';
const DEFAULT_PORT = 8765;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const HELP = `serve the workbench UI to a browser
usage: ${SERVE_USAGE}
  --port N      TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR   address to listen on (default 127.0.0.1, this machine only); 0.0.0.0 exposes it to the network
  --db FILE     the workbench database (default: the one in your data folder)
The UI comes from out/renderer (ENAS_RENDERER_DIR overrides it): build it with \`npm run build\`.
`;

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
    throw new EnasError('CLI_USAGE', `--port must be an integer from 0 to 65535, got "${text}"\nusage: ${SERVE_USAGE}`);
  }
  return Number(text);
}

function isPortInUse(err: EnasError): boolean {
  return err.code === 'SERVER_LISTEN_FAILED' && typeof err.detail === 'object' && err.detail !== null && 'inUse' in err.detail && err.detail.inUse === true;
}

function dirFromEnv(io: CliIo, name: string, fallback: string): string {
  const value = io.env[name];
  return value === undefined || value === '' ? fallback : isAbsolute(value) ? value : resolve(value);
}

function cliLogger(io: CliIo): Logger {
  return {
    log(level, message) {
      if (level === 'warn' || level === 'error') io.stderr(`${level}: ${message}\n`);
    },
  };
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the workbench UI to a browser (loopback, with an access token)',
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const port = parsePort(values.port);
    const host = values.host;
    const rendererDir = dirFromEnv(io, 'ENAS_RENDERER_DIR', join(REPO_ROOT, 'out', 'renderer'));
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new EnasError(
        'SERVER_UI_MISSING',
        `the UI is not built (no ${join(rendererDir, 'index.html')}): run \`npm run build\` first, or \`npm start\`, which builds it`,
        { rendererDir },
      );
    }
    const log = cliLogger(io);
    const opened = await openCliWorkbench(io, values.db, 'write');
    try {
      const embedded = await registerEmbeddedDatasets(opened.workbench.handlers, resourcesDatasetsDir(io), log);
      if (embedded.imported.length > 0) io.stderr(`imported the embedded datasets: ${embedded.imported.join(', ')}\n`);
      const token = createAccessToken();
      const serve = (onPort: number): ReturnType<typeof startWorkbenchServer> =>
        startWorkbenchServer({
          workbench: opened.workbench,
          rendererDir,
          exportsDir: join(workbenchPaths(values.db, io).dataDir, 'exports'),
          token,
          host,
          port: onPort,
          log,
        });
      // The default port may be taken (another server, a second workbench): then any free one will do,
      // as Jupyter does. A port the user asked for is not silently changed.
      const server = await serve(port).catch((err: unknown) => {
        if (values.port !== undefined || !(err instanceof EnasError) || !isPortInUse(err)) throw err;
        io.stderr(`port ${port} is in use; serving on a free port instead\n`);
        return serve(0);
      });
      if (!LOOPBACK.has(host)) {
        io.stderr(`warning: listening on ${host}, not only this machine: anyone who can reach it and has the token controls the workbench\n`);
      }
      // `enas search --db` on this database hands its run to this server (cli-workbench.ts) instead of
      // being refused: the file tells it where and with which token, and only this user can read it.
      const serverUrl = new URL(server.url);
      const removeHandoff = writeHandoffFile(workbenchPaths(values.db, io).dbFile, {
        url: `ws://${serverUrl.host}${WS_PATH}`,
        token,
        holder: 'serve',
      });
      io.stdout(`ENAS Workbench is served at\n\n    ${server.url}\n\nOpen that URL in a browser (the token is part of it). Press Ctrl-C to stop.\n`);
      await new Promise<void>((done) => {
        const remove = io.onInterrupt(() => {
          remove();
          done();
        });
      });
      io.stderr('stopping: trainers write a checkpoint first…\n');
      removeHandoff();
      await server.close();
    } finally {
      await opened.close();
    }
    return EXIT.ok;
  },
};
