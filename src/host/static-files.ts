/**
 * Serving the built renderer (out/renderer) safely, for the app's `app://` protocol and the browser-mode
 * HTTP server alike: a URL path maps to a file under the root or to nothing (no `..`, no encoded
 * separators, no NUL), with its content type, and the one Content-Security-Policy the UI runs under.
 */
import { extname, resolve, sep } from 'node:path';

/**
 * The UI's Content-Security-Policy (docs/reliability.md T4.2): scripts only from the app itself, no eval, no
 * inline script; nothing from other origins. Inline styles are allowed (Vue style bindings, ECharts and
 * Vite's dev server set them); they cannot run code. `connect-src 'self'` admits the same-origin WebSocket.
 * src/renderer/index.html carries the same policy in its meta tag (a test holds them equal).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The policy as a response header, which may also forbid framing (a meta tag cannot: browsers ignore it there). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` a URL path names, or undefined when it would leave `root` or is malformed.
 * `/` is `index.html`. The caller still checks that the file exists.
 */
export function resolveStaticFile(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  if (relative.split('/').some((part) => part === '..')) return undefined;
  const base = resolve(root);
  const file = resolve(base, relative);
  return file.startsWith(base + sep) ? file : undefined;
}
