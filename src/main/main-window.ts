/**
 * The main window: built from the safe options, placed where it was last time, shown once painted,
 * fed the workbench's pushed events while it lives, and its size and place saved when it closes.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BrowserWindow, screen } from 'electron';
import type { WorkbenchEvent } from '../shared/api';
import { systemClock } from '../host/ports';
import type { Logger } from '../host/ports';
import { pushEventsTo } from './ipc-binding';
import { createMainWindow } from './window-options';
import { captureWindowState, parseWindowState } from './window-state';

export interface MainWindowOptions {
  preload: string;
  url: string;
  stateFile: string;
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  log: Logger;
}

function readState(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function openMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = parseWindowState(
    readState(options.stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = createMainWindow(BrowserWindow, options.preload, state);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const stopEvents = pushEventsTo(win.webContents, options.subscribe, systemClock);
  win.on('close', () => {
    try {
      // Written whole, then renamed: a crash mid-write leaves the previous state, not half a file.
      writeFileSync(`${options.stateFile}.tmp`, JSON.stringify(captureWindowState(win)));
      renameSync(`${options.stateFile}.tmp`, options.stateFile);
    } catch (err) {
      options.log.log('warn', `could not save the window state to ${options.stateFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  win.on('closed', stopEvents);
  void win.loadURL(options.url);
  return win;
}
