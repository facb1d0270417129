import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../host/static-files';
import { createAppProtocolHandler } from './app-protocol';

let root: string;
let outside: string;
beforeAll(() => {
  outside = mkdtempSync(join(tmpdir(), 'enas-app-protocol-'));
  root = join(outside, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('createAppProtocolHandler', () => {
  it("serves the renderer's files with their type and the UI's CSP", async () => {
    const handle = createAppProtocolHandler(root);
    const page = await handle(new Request('app://workbench/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(await page.text()).toContain('<title>ok</title>');
    const script = await handle(new Request('app://workbench/assets/index.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for another host, a path out of the folder, a missing file and a non-GET', async () => {
    const handle = createAppProtocolHandler(root);
    for (const request of [
      new Request('app://other/index.html'),
      new Request('app://workbench/%2e%2e/secret.txt'),
      new Request('app://workbench/..%2fsecret.txt'),
      new Request('app://workbench/missing.js'),
      new Request('app://workbench/index.html', { method: 'POST', body: 'x' }),
    ]) {
      const response = await handle(request);
      expect(response.status, request.url).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
  });
});
