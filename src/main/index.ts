/**
 * Electron main process: a thin adapter around the host (docs/architecture.md §4). One instance at a time; the app's
 * scheme and the hardened session before any page loads; then the store (with better-sqlite3 built for
 * Electron), the workbench supervising trainers in utility processes, the embedded datasets on first start,
 * the API on IPC, the CLI's hand-off endpoint (cli-handoff.ts), the menu and the window. On quit the
 * hand-off endpoint closes, then the trainers are stopped (each checkpoints) before the store closes. Everything that can be tested without an Electron binary lives in the modules it wires.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Menu, app, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import type { BrowserWindow } from 'electron';
import trainerEntry from '../trainer/main?modulePath';
import { datasetImportRequestSchema } from '../shared/dataset';
import { toWireError } from '../shared/errors';
import { workbenchPaths } from '../host/data-paths';
import { registerEmbeddedDatasets } from '../host/embedded-datasets';
import { openWorkbenchAt } from '../host/open-workbench';
import type { OpenedWorkbench } from '../host/open-workbench';
import { createUiDispatcher } from '../host/ui-dispatch';
import type { Workbench } from '../host/workbench';
import { appLocations } from './app-locations';
import { acceptCliHandoff } from './cli-handoff';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { APP_INDEX_URL, APP_SCHEME, trustedOrigin } from './app-url';
import { hardenContents, hardenSession } from './harden';
import { bindWorkbenchToIpc } from './ipc-binding';
import { createFileLogger } from './main-log';
import { openMainWindow } from './main-window';
import { bindPathGrants, createPathGrants, importGuard } from './path-grants';
import { buildMenuTemplate } from './menu-template';
import { createSaveChooser } from './save-dialog';
import { createSenderCheck } from './sender-check';
import type { IpcSender } from './sender-check';
import { createUtilityLauncher } from './utility-launcher';

const paths = workbenchPaths(undefined, { env: process.env, platform: process.platform, home: app.getPath('home') });
const log = createFileLogger(join(paths.dataDir, 'logs', 'main.log'));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const windows = new Set<BrowserWindow>();
let opened: OpenedWorkbench | undefined;
let stopHandoff: () => Promise<void> = async () => undefined;

// Before `ready`: a standard, secure scheme, so the UI gets a real origin for its CSP and storage.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

app.on('web-contents-created', (_event, contents) => hardenContents(contents, (message) => log.log('warn', message)));

function focusWindow(): void {
  const [win] = windows;
  if (win === undefined) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function importFromMenu(workbench: Workbench, kind: 'folder' | 'file'): Promise<void> {
  const [owner] = windows;
  const options = { title: 'Import Dataset', properties: [kind === 'folder' ? ('openDirectory' as const) : ('openFile' as const)] };
  const answer = owner === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(owner, options);
  const [path] = answer.filePaths;
  if (answer.canceled || path === undefined) return;
  try {
    await workbench.handlers['datasets.import'](datasetImportRequestSchema.parse({ path }));
  } catch (err) {
    dialog.showErrorBox('The dataset was not imported', toWireError(err).message);
  }
}

function openWindow(workbench: Workbench, preload: string): void {
  const win = openMainWindow({
    preload,
    url: devServerUrl ?? APP_INDEX_URL,
    stateFile: join(paths.dataDir, 'window-state.json'),
    subscribe: workbench.subscribe,
    log,
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
}

async function start(): Promise<void> {
  const locations = appLocations({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    mainDir: import.meta.dirname,
    exists: existsSync,
  });
  hardenSession(session.defaultSession);
  session.defaultSession.protocol.handle(APP_SCHEME, createAppProtocolHandler(locations.rendererDir));

  opened = await openWorkbenchAt({
    ...paths,
    access: 'write',
    launcher: createUtilityLauncher({ fork: utilityProcess.fork, killPid: (pid, signal) => process.kill(pid, signal), baseEnv: process.env }),
    trainer: { entry: trainerEntry },
    log,
    ...(locations.nativeBinding === undefined ? {} : { nativeBinding: locations.nativeBinding }),
  });
  const { workbench } = opened;
  await registerEmbeddedDatasets(workbench.handlers, locations.datasetsDir, log);
  stopHandoff = await acceptCliHandoff({ workbench, dbFile: paths.dbFile, dataDir: paths.dataDir, log });

  const isTrustedSender = createSenderCheck(trustedOrigin(devServerUrl), () => new Set([...windows].map((w) => w.webContents.id)));
  const grants = createPathGrants();
  bindPathGrants(ipcMain, isTrustedSender, grants);
  const dispatcher = createUiDispatcher<IpcSender>({
    handlers: workbench.handlers,
    log,
    guard: importGuard(grants),
    chooseSaveFile: createSaveChooser({
      showSaveDialog: (owner, options) => dialog.showSaveDialog(owner, options),
      windowOf: (sender) => [...windows].find((w) => !w.isDestroyed() && w.webContents.id === sender.sender.id),
      defaultDir: () => app.getPath('downloads'),
    }),
  });
  bindWorkbenchToIpc({ ipcMain, dispatcher, isTrustedSender, log });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        actions: {
          importDataset: (kind) => void importFromMenu(workbench, kind),
          openDataFolder: () => void shell.openPath(paths.dataDir),
          openPaper: () => void shell.openExternal('https://arxiv.org/abs/1802.03268'),
        },
      }),
    ),
  );
  openWindow(workbench, locations.preload);
  app.on('activate', () => {
    if (windows.size === 0) openWindow(workbench, locations.preload);
  });
}

let closed = false;
let closing = false;
app.on('before-quit', (event) => {
  if (closed || opened === undefined) return;
  event.preventDefault();
  if (closing) return;
  closing = true;
  const current = opened;
  void stopHandoff()
    .then(() => current.close())
    .catch((err: unknown) => log.log('error', `stopping the trainers failed: ${toWireError(err).message}`))
    .finally(() => {
      closed = true;
      app.quit();
    });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      const message = toWireError(err).message;
      log.log('error', `the app could not start: ${message}`, { stack: err instanceof Error ? err.stack : undefined });
      dialog.showErrorBox('ENAS Workbench cannot start', message);
      app.exit(1);
    });
}
