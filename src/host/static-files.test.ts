import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER, contentTypeOf, resolveStaticFile } from './static-files';

const root = resolve('/srv/ui');

describe('resolveStaticFile', () => {
  it('maps / to index.html and a path to the file under the root', () => {
    expect(resolveStaticFile(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticFile(root, '/assets/index-1a2b.js')).toBe(join(root, 'assets', 'index-1a2b.js'));
    expect(resolveStaticFile(root, '/a%20b.css')).toBe(join(root, 'a b.css'));
  });

  it('refuses every way out of the root: dot-dot, encoded separators and dots, backslashes, NUL, bad escapes', () => {
    for (const path of [
      '/../secret',
      '/assets/../../secret',
      '/%2e%2e/secret',
      '/..%2fsecret',
      '/..%5csecret',
      '/assets\\..\\..\\secret',
      '/index.html%00.js',
      '/%E0%A4%A',
      'relative/path',
      '',
    ]) {
      expect(resolveStaticFile(root, path), path).toBeUndefined();
    }
  });

  it('names the content types a Vite build produces and falls back to octet-stream', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it("allows scripts from the app only, without eval or inline script, and nothing by default", () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('forbids framing in the header form only, since a meta tag cannot', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY_HEADER).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  });
});
