/**
 * The one place a window is created (docs/reliability.md T4.2): the renderer runs isolated from the preload,
 * sandboxed, without Node, with web security on, no insecure content and no experimental or Blink features.
 * These are Electron's defaults today except where noted, and stated anyway, so a default that changes or a
 * hand edit shows up in the test that holds webPreferences to exactly this set plus the preload. They are
 * written as a literal in the `new BrowserWindow(…)` call so static checkers (electronegativity) see them.
 */
import type { BrowserWindow as ElectronWindow, BrowserWindowConstructorOptions } from 'electron';
import type { WindowState } from './window-state';

const MIN_WINDOW = { width: 800, height: 560 } as const;

/** Electron's BrowserWindow class, injected so the factory runs under Node in tests. */
export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => ElectronWindow;

export function createMainWindow(BrowserWindow: WindowConstructor, preload: string, state: WindowState): ElectronWindow {
  return new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x === undefined || state.y === undefined ? {} : { x: state.x, y: state.y }),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'ENAS Workbench',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      preload,
    },
  });
}
