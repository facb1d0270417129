/**
 * The preload of the main window, run sandboxed and context-isolated: it exposes `window.enas` and does
 * nothing else. Bundled into one CommonJS file, as a sandboxed preload can require only `electron`.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('enas', buildPreloadApi(ipcRenderer, webUtils));
