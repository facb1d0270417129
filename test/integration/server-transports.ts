/**
 * The two transports between a UI and the host, set up around one workbench for tests: the WebSocket for
 * real (startWorkbenchServer + the renderer's socket client over the `ws` package), and Electron IPC with a
 * fake ipcMain/ipcRenderer/webContents trio that copies every payload with structuredClone, as Electron's
 * IPC does. Both end in the renderer's bridge, so a test cannot tell them apart either.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { WebSocket } from 'ws';
import type { WorkbenchEvent } from '../../src/shared/api';
import { WS_PROTOCOL } from '../../src/shared/api/transport';
import { systemClock } from '../../src/host/ports';
import type { Logger } from '../../src/host/ports';
import { createUiDispatcher } from '../../src/host/ui-dispatch';
import type { Workbench } from '../../src/host/workbench';
import { APP_INDEX_URL, APP_ORIGIN } from '../../src/main/app-url';
import { bindWorkbenchToIpc, pushEventsTo } from '../../src/main/ipc-binding';
import { bindPathGrants, createPathGrants, importGuard } from '../../src/main/path-grants';
import { createSenderCheck } from '../../src/main/sender-check';
import type { IpcSender } from '../../src/main/sender-check';
import { buildPreloadApi } from '../../src/preload/preload-api';
import type { PreloadIpc } from '../../src/preload/preload-api';
import { bridgeOver, preloadTransport, socketTransport } from '../../src/renderer/api/bridge';
import type { WorkbenchBridge } from '../../src/renderer/api/bridge';
import { createSocketClient } from '../../src/renderer/api/socket-client';
import type { SocketLike } from '../../src/renderer/api/socket-client';
import { WorkbenchCallError } from '../../src/renderer/api/workbench-call-error';
import { chooseExportTarget } from '../../src/server/export-target';
import { startWorkbenchServer } from '../../src/server/workbench-server';

export interface TransportUnderTest {
  bridge: WorkbenchBridge;
  /**
   * A path as the UI gets it for a dropped file: through the preload in the app; in a browser, which has no
   * paths, the file's copy in the upload area (where its upload puts it).
   */
  dropped(path: string): string;
  close(): Promise<void>;
}

export type TransportKind = 'websocket' | 'ipc';

type Listener = (event: IpcSender, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => unknown;

/** ipcMain, ipcRenderer and a window's webContents, wired to each other; every payload is cloned. */
export function fakeIpcPair(frame: IpcSender) {
  const handlers = new Map<string, Listener>();
  const mainListeners = new Map<string, Set<Listener>>();
  const rendererListeners = new Map<string, Set<RendererListener>>();
  const add = <L>(map: Map<string, Set<L>>, channel: string, listener: L): void => {
    if (!map.has(channel)) map.set(channel, new Set());
    map.get(channel)?.add(listener);
  };
  const ipcMain = {
    handle(channel: string, listener: Listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
    on(channel: string, listener: Listener) {
      add(mainListeners, channel, listener);
    },
  };
  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]) {
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      return structuredClone(await handler(frame, ...structuredClone(args)));
    },
    send(channel: string, ...args: unknown[]) {
      for (const listener of mainListeners.get(channel) ?? []) listener(frame, ...structuredClone(args));
    },
    on(channel: string, listener: RendererListener) {
      add(rendererListeners, channel, listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: RendererListener) {
      rendererListeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const webContents = {
    send(channel: string, ...args: unknown[]) {
      for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: ipcRenderer }, ...structuredClone(args));
    },
    isDestroyed: () => false,
  };
  return { ipcMain, ipcRenderer, webContents, handlers };
}

const quiet: Logger = { log: () => undefined };

export async function openTransport(kind: TransportKind, workbench: Workbench, dir: string): Promise<TransportUnderTest> {
  const exportsDir = join(dir, 'exports');
  if (kind === 'websocket') {
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    const token = 'contract-test-token';
    let dropCount = 0;
    const server = await startWorkbenchServer({ workbench, rendererDir, exportsDir, token, port: 0, log: quiet });
    const client = createSocketClient({
      url: `ws://127.0.0.1:${server.port}/api?token=${token}`,
      protocol: WS_PROTOCOL,
      createSocket: (url, protocol) => new WebSocket(url, protocol) as unknown as SocketLike,
    });
    return {
      bridge: bridgeOver(socketTransport(client)),
      dropped(path) {
        const target = join(workbench.uploads.root, `dropped-${(dropCount += 1)}`, basename(path));
        cpSync(path, target, { recursive: true });
        return target;
      },
      async close() {
        client.close();
        await server.close();
      },
    };
  }
  const frame: IpcSender = { senderFrame: { url: APP_INDEX_URL, parent: null }, sender: { id: 1 } };
  const pair = fakeIpcPair(frame);
  const isTrustedSender = createSenderCheck(APP_ORIGIN, () => new Set([1]));
  const grants = createPathGrants();
  bindPathGrants(pair.ipcMain, isTrustedSender, grants);
  const dispatcher = createUiDispatcher<IpcSender>({
    handlers: workbench.handlers,
    log: quiet,
    guard: importGuard(grants),
    // Stands in for the save dialog: the user accepts the suggested name in the exports folder.
    chooseSaveFile: async (method, request) => chooseExportTarget(exportsDir, method, request),
  });
  const unbind = bindWorkbenchToIpc({ ipcMain: pair.ipcMain, dispatcher, isTrustedSender, log: quiet });
  const stopEvents = pushEventsTo(pair.webContents, (listener: (event: WorkbenchEvent) => void) => workbench.subscribe(listener), systemClock);
  const files = new Map<object, string>();
  const api = buildPreloadApi(pair.ipcRenderer as unknown as PreloadIpc, { getPathForFile: (file) => files.get(file) ?? '' });
  const bridge = bridgeOver(preloadTransport(api));
  return {
    bridge,
    dropped(path) {
      const file = new File([], 'dropped');
      files.set(file, path);
      return bridge.pathForFile(file) ?? '';
    },
    async close() {
      stopEvents();
      unbind();
    },
  };
}

/** The WorkbenchCallError a call rejected with; any other outcome fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<WorkbenchCallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkbenchCallError)) throw new Error(`expected a WorkbenchCallError, got ${String(err)}`);
  return err;
}
