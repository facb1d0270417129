/**
 * docs/reliability.md T4.4: the real app in Electron, driven by playwright-core's `_electron`, on a fresh data
 * folder. In the renderer there is no `require` and no `process`; `window.enas` has exactly the allowlisted
 * keys; navigation away and `window.open` are blocked; every permission request is denied; a hostile name
 * renders as text with no dialog; the API answers through the preload (the embedded datasets are listed).
 * Skipped, with a message, where the Electron binary is absent (its download needs internet).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRELOAD_KEYS } from '../../src/shared/api/transport';
import { resolvePreset } from '../../src/shared/config/presets';
import { ELECTRON_ABSENT, ROOT, SCREENSHOTS, electronBinary, ensureBuilt } from './e2e-support';

const binary = electronBinary();
if (binary === undefined) console.warn(ELECTRON_ABSENT);

describe.skipIf(binary === undefined)('the Electron app (T4.4)', () => {
  let app: ElectronApplication;
  let page: Page;
  let dataHome: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dataHome = mkdtempSync(join(tmpdir(), 'enas-electron-'));
    app = await electron.launch({
      executablePath: binary,
      args: [ROOT, '--no-sandbox', '--disable-gpu'],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), XDG_DATA_HOME: dataHome },
    });
    page = await app.firstWindow();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.waitForLoadState('domcontentloaded');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    if (dataHome !== undefined) rmSync(dataHome, { recursive: true, force: true });
  });

  // Page functions run in the renderer; this file compiles without the DOM library, hence the string forms.
  it('gives the page no Node: no require, no process', async () => {
    expect(await page.evaluate('[typeof require, typeof process]')).toEqual(['undefined', 'undefined']);
  });

  it('exposes exactly the allowlisted keys on window.enas, and the API answers through them', async () => {
    expect(await page.evaluate('Object.keys(window.enas).sort()')).toEqual([...PRELOAD_KEYS].sort());
    const names = await page.evaluate(
      "window.enas['datasets.list']({}).then((r) => (r.ok ? r.value.map((d) => d.name).sort() : [r.error.code]))",
    );
    expect(names).toEqual(['austen-ptb', 'fashion-mnist-small']);
  });

  it('blocks navigation away and new windows', async () => {
    const before = page.url();
    await page.evaluate("window.location.href = 'https://example.com'");
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(await page.evaluate("window.open('https://example.com') === null")).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('denies every permission request', async () => {
    expect(await page.evaluate('Notification.requestPermission()')).toBe('denied');
    const media = await page.evaluate(
      "navigator.mediaDevices.getUserMedia({ audio: true }).then(() => 'granted', (err) => String(err && err.name))",
    );
    expect(media).not.toBe('granted');
  });

  it('renders a hostile run name as text, with no dialog', async () => {
    const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'fashion-mnist-small', seed: 1, backend: 'cpu' });
    await page.evaluate(`window.enas['runs.create']({ name: '<img src=x onerror=alert(1)>', config: ${JSON.stringify(config)} })`);
    await page.getByTestId('run-row').first().waitFor();
    expect(await page.getByTestId('run-row').first().innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'electron-runs.png') });
  });
});
