/**
 * Browser-mode uploads of dropped datasets (a page has no local paths, so it sends the bytes):
 *   POST   /uploads?token=…                    → 201 { uploadId }
 *   PUT    /uploads/<id>/<relative path>?token=… (raw body, one file) → 201 { path, bytes }
 *   DELETE /uploads/<id>?token=…               → 204 (the page gives up, e.g. after a refused file)
 * then the API call `datasets.importUpload { uploadId }` over the WebSocket imports and removes it.
 * Everything needs the token (401) and, when a browser sends an Origin, the page's own origin (403);
 * other methods are 405. Errors answer `{ code, message }` as JSON, the shape API errors have.
 *
 * The path is read from the raw request target, not through `new URL`, which would resolve `..` and
 * `%2e%2e` away before we could refuse them; each segment is decoded, then the whole path is checked by
 * upload-path.ts and written by the upload area, which enforces the caps while the body streams.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UPLOADS_PATH } from '../shared/api/datasets';
import { TOKEN_PARAM } from '../shared/api/transport';
import { EnasError, toWireError } from '../shared/errors';
import type { ErrorCode } from '../shared/errors';
import type { UploadArea } from '../host/datasets/upload-area';
import { tokenMatches } from './access-token';

/** What a refused body may still send before the connection is cut (so the client reads our answer). */
const DRAIN_LIMIT_BYTES = 1 << 20;

const STATUS: Partial<Record<ErrorCode, number>> = {
  UPLOAD_UNAUTHORIZED: 401,
  UPLOAD_NOT_FOUND: 404,
  UPLOAD_BAD_METHOD: 405,
  UPLOAD_BAD_PATH: 400,
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_TOO_MANY_FILES: 413,
  UPLOAD_FILE_EXISTS: 409,
  UPLOAD_BUSY: 409,
};

type Send = (res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>) => void;

/** Whether `target` (the raw request URL) is under /uploads. */
export function isUploadTarget(target: string): boolean {
  const path = target.split('?', 1)[0] ?? '';
  return path === UPLOADS_PATH || path.startsWith(`${UPLOADS_PATH}/`);
}

/** Read and drop what is left of a refused body, up to a limit; past it, cut the connection. */
function discardBody(req: IncomingMessage): void {
  if (req.readableEnded) return;
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.resume();
}

function parseTarget(target: string): { segments: string[]; token: string | null } {
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const raw = rawPath.slice(UPLOADS_PATH.length).split('/').slice(1);
  let segments: string[];
  try {
    segments = raw.map((s) => decodeURIComponent(s));
  } catch {
    throw new EnasError('UPLOAD_BAD_PATH', `${JSON.stringify(rawPath.slice(0, 120))}: not valid percent-encoded UTF-8`);
  }
  return { segments, token: query.get(TOKEN_PARAM) };
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function methodNotAllowed(method: string, allow: string): EnasError {
  return new EnasError('UPLOAD_BAD_METHOD', `${method} is not allowed here; allowed: ${allow}`, { allow });
}

export function createUploadRoutes(options: { uploads: UploadArea; token: string; send: Send }): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { uploads, send } = options;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const { segments, token } = parseTarget(req.url ?? '/');
    if (!tokenMatches(options.token, token)) throw new EnasError('UPLOAD_UNAUTHORIZED', 'an upload needs the token printed by `enas serve` (?token=…)');
    if (!sameOrigin(req)) throw new EnasError('UPLOAD_UNAUTHORIZED', 'an upload must come from the page this server served');
    const [id, ...rest] = segments;
    if (id === undefined || id === '') {
      if (method !== 'POST') throw methodNotAllowed(method, 'POST');
      send(res, 201, { uploadId: await uploads.create() });
      return;
    }
    if (rest.length === 0) {
      if (method !== 'DELETE') throw methodNotAllowed(method, 'DELETE');
      if (!uploads.has(id)) throw new EnasError('UPLOAD_NOT_FOUND', `no upload "${id.slice(0, 40)}" on this server`);
      await uploads.remove(id);
      send(res, 204, undefined);
      return;
    }
    if (method !== 'PUT') throw methodNotAllowed(method, 'PUT');
    const declared = req.headers['content-length'];
    const declaredBytes = declared !== undefined && /^[0-9]+$/.test(declared) ? Number(declared) : undefined;
    const path = rest.join('/');
    const bytes = await uploads.write(id, path, req, declaredBytes);
    send(res, 201, { path, bytes });
  }

  return async (req, res) => {
    try {
      await route(req, res);
    } catch (err) {
      const wire = toWireError(err);
      const status = STATUS[wire.code] ?? 500;
      discardBody(req);
      // A body cut off by the cap has its stream destroyed, but the socket still carries our answer.
      if (res.headersSent || res.socket === null || res.socket.destroyed) return;
      const allow = wire.code === 'UPLOAD_BAD_METHOD' && typeof wire.detail === 'object' && wire.detail !== null && 'allow' in wire.detail ? String(wire.detail.allow) : undefined;
      send(res, status, { code: wire.code, message: wire.message }, { Connection: 'close', ...(allow === undefined ? {} : { Allow: allow }) });
    }
  };
}
