/**
 * Types the renderer's build adds: Vite's client types, and `window.enas`, which the preload defines in
 * the app (absent in a browser). vue-tsc types the .vue imports itself.
 */
/// <reference types="vite/client" />
import type { PreloadApi } from '../shared/api/transport';

declare global {
  interface Window {
    enas?: PreloadApi;
  }
}
