/**
 * Where the app's UI lives: `app://workbench/index.html`, a privileged custom scheme serving out/renderer,
 * rather than `file://` (Electron security checklist: a file: page may read any local file through
 * fetch, and every file: URL shares one origin). In development electron-vite serves it over http.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The origin the window's pages must come from: the dev server's in development, ours otherwise. */
export function trustedOrigin(devServerUrl: string | undefined): string {
  if (devServerUrl === undefined) return APP_ORIGIN;
  const url = new URL(devServerUrl);
  return `${url.protocol}//${url.host}`;
}
