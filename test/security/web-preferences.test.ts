/**
 * docs/reliability.md T4.2, under Node without an Electron binary: the window factory creates its window with
 * exactly the safe webPreferences plus the preload, nothing in the main process turns on Blink features or node
 * integration, and the page's CSP (index.html's meta tag, the same policy the app protocol and the server
 * send as a header, which adds frame-ancestors) allows scripts from the app only, without eval or inline script.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/host/static-files';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow } from '../../src/main/window-options';
import type { WindowConstructor } from '../../src/main/window-options';
import { DEFAULT_WINDOW_STATE } from '../../src/main/window-state';

const root = join(import.meta.dirname, '..', '..');

function cspOf(html: string): string | undefined {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  return meta?.[1];
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('the window factory (T4.2)', () => {
  it('creates the window with exactly the safe webPreferences, plus the preload', () => {
    const created: BrowserWindowConstructorOptions[] = [];
    class FakeWindow {
      constructor(options: BrowserWindowConstructorOptions) {
        created.push(options);
      }
    }
    createMainWindow(FakeWindow as unknown as WindowConstructor, '/app/out/preload/index.cjs', DEFAULT_WINDOW_STATE);
    expect(created).toHaveLength(1);
    expect(created[0]?.webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(created[0]?.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(created[0]).toMatchObject({ width: DEFAULT_WINDOW_STATE.width, height: DEFAULT_WINDOW_STATE.height, show: false });
  });

  it('has no source in main or preload that enables Blink features, node integration or turns off isolation', () => {
    const offenders: string[] = [];
    for (const dir of ['src/main', 'src/preload']) {
      for (const name of readdirSync(join(root, dir))) {
        if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
        const text = readFileSync(join(root, dir, name), 'utf8');
        if (/enableBlinkFeatures|nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/.test(text)) {
          offenders.push(`${dir}/${name}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe("the page's Content-Security-Policy (T4.2)", () => {
  const policy = cspOf(readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8'));

  it("is in index.html's meta tag, the policy whose header form the app protocol and the server send", () => {
    expect(policy).toBe(CONTENT_SECURITY_POLICY);
  });

  it("has default-src 'none' and script-src 'self' only: no unsafe-eval, no unsafe-inline, no other origin", () => {
    const parsed = directives(policy ?? '');
    expect(parsed.get('default-src')).toEqual(["'none'"]);
    expect(parsed.get('script-src')).toEqual(["'self'"]);
    for (const [name, values] of parsed) {
      expect(values.filter((v) => v !== "'self'" && v !== "'none'" && v !== "'unsafe-inline'" && v !== 'data:' && v !== 'blob:'), name).toEqual([]);
      if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
    }
  });
});
