/**
 * The `app://workbench/…` protocol handler: serves the built renderer (out/renderer, inside the asar when
 * packaged) with the UI's Content-Security-Policy, and nothing else: another host, a path leaving the
 * folder or a missing file is a 404. Registered as a standard, secure scheme so 'self' in the CSP and
 * same-origin rules work as they do over https.
 */
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY_HEADER, contentTypeOf, resolveStaticFile } from '../host/static-files';
import { APP_HOST } from './app-url';

export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return notFound();
    const file = resolveStaticFile(rendererDir, url.pathname);
    if (file === undefined) return notFound();
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': contentTypeOf(file),
        'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
