/**
 * The application menu: what a desktop user expects on each platform (the app menu on macOS, File / Edit /
 * View / Window / Help elsewhere), with the standard roles for editing, zoom and window handling and their
 * platform shortcuts, plus the workbench's own: import a dataset folder or file, open the data folder.
 * Reload and developer tools only in development: in the app they would reload a running view or open a
 * console into the renderer.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importDataset(kind: 'folder' | 'file'): void;
  openDataFolder(): void;
  openPaper(): void;
}

export function buildMenuTemplate(options: { isMac: boolean; isDev: boolean; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { isMac, isDev, actions } = options;
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Import Dataset Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.importDataset('folder') },
      { label: 'Import Dataset File…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importDataset('file') },
      { type: 'separator' },
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'ENAS Paper (Pham et al., 2018)', click: () => actions.openPaper() }],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    help,
  ];
}
