/**
 * The HTTP side of browser mode: the built renderer as static files (GET and HEAD only, never outside its
 * folder), downloads of exports (`/exports/NAME?token=…`, token required), and uploads of dropped datasets
 * (`/uploads…?token=…`, upload-routes.ts). Every answer carries the
 * UI's Content-Security-Policy and headers that keep the token out of Referer and the page out of frames.
 * The UI's files hold no data, so they need no token; the data only travels over the WebSocket.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { TOKEN_PARAM } from '../shared/api/transport';
import { CONTENT_SECURITY_POLICY_HEADER, contentTypeOf, resolveStaticFile } from '../host/static-files';
import type { UploadArea } from '../host/datasets/upload-area';
import { tokenMatches } from './access-token';
import { createUploadRoutes, isUploadTarget } from './upload-routes';

export interface HttpHandlerOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  exportsDir: string;
  token: string;
  /** Where uploads go; without it (a server without a writable workbench) /uploads is not served. */
  uploads?: UploadArea;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(`${text}\n`);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return false;
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file), 'Content-Length': String(info.size), ...headers });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}

function json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...extra });
    res.end();
    return;
  }
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(`${JSON.stringify(body)}\n`);
}

export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const uploadRoutes = options.uploads && createUploadRoutes({ uploads: options.uploads, token: options.token, send: json });
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (uploadRoutes !== undefined && isUploadTarget(req.url ?? '/')) {
      await uploadRoutes(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/exports/')) {
      if (!tokenMatches(options.token, url.searchParams.get(TOKEN_PARAM))) {
        plain(res, 401, 'a download needs the token printed by `enas serve`');
        return;
      }
      const file = resolveStaticFile(options.exportsDir, url.pathname.slice('/exports'.length));
      const sent =
        file !== undefined &&
        (await sendFile(req, res, file, {
          'Content-Disposition': `attachment; filename="${basename(file).replace(/[^\w.() -]/g, '_')}"`,
          'Cache-Control': 'no-store',
        }));
      if (!sent) plain(res, 404, 'no such export');
      return;
    }
    const file = resolveStaticFile(options.rendererDir, url.pathname);
    const isPage = file?.endsWith('.html') ?? false;
    const sent = file !== undefined && (await sendFile(req, res, file, { 'Cache-Control': isPage ? 'no-store' : 'max-age=3600' }));
    if (!sent) plain(res, 404, 'not found');
  };
  return (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    });
  };
}
