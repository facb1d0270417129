/**
 * Electron security checklist, the parts that are event handlers rather than window options: every
 * permission request (camera, notifications, geolocation, …) denied and every permission check answered
 * no; navigation, redirects, new windows and <webview> attachment refused for every web contents, so a
 * page can never leave the app's UI or open a window with other preferences.
 */
import type { Session, WebContents } from 'electron';

export type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenContents(contents: HardenableContents, log: (message: string) => void): void {
  // The UI is one page; it changes views with the History API, which fires neither event.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`blocked a navigation to ${url.slice(0, 200)}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`blocked a redirect to ${url.slice(0, 200)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked a new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}
