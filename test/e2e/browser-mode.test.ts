/**
 * Browser mode end to end, in Debian's Chromium driven by playwright-core: `enas serve` on a fresh data
 * folder imports the embedded datasets, serves the UI, and the page lists runs (`data-testid="run-row"`),
 * including one created while it is open (pushed event, then re-query), a hostile name as text. The token
 * leaves the address bar; a page opened without it gets no data (`data-testid="connection"` says so). And `npm start` where the Electron binary is absent says so in one sentence and serves the same
 * workbench, printing the URL with its token. Screenshots go to test-results/e2e/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePreset } from '../../src/shared/config/presets';
import { ROOT, SCREENSHOTS, electronBinary, serveFromSources, serveUntilUrl, useBuiltUiInChromium, HAS_CHROMIUM, bridgeTo } from './e2e-support';
import type { Served } from './e2e-support';



const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'fashion-mnist-small', seed: 1, backend: 'cpu' });

describe.skipIf(!HAS_CHROMIUM)('browser mode in Chromium', () => {
  const browser = useBuiltUiInChromium();

  it('enas serve on a fresh data folder: the UI loads, lists runs and the embedded datasets, and updates live', async () => {
    const served: Served = await serveFromSources();
    const remote = bridgeTo(served.url);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      await remote.bridge.call('runs.create', { name: 'created before the page opened', config });
      const page = await browser().newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(served.url);
      await page.getByTestId('run-row').first().waitFor();
      expect(await page.getByTestId('run-row').allInnerTexts()).toEqual([expect.stringContaining('created before the page opened')]);
      expect((await remote.bridge.call('datasets.list', {})).map((d) => d.name).sort()).toEqual(['austen-ptb', 'fashion-mnist-small']);
      expect(page.url()).not.toContain('token=');

      // Created while the page is open: it learns of it from a pushed event. The name must render as text.
      await remote.bridge.call('runs.create', { name: '<img src=x onerror=alert(1)>', config });
      await page.getByTestId('run-row').nth(1).waitFor();
      const rows = await page.getByTestId('run-row').allInnerTexts();
      expect(rows).toHaveLength(2);
      expect(rows.some((row) => row.includes('<img src=x onerror=alert(1)>'))).toBe(true);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.getByTestId('connection').innerText()).toBe('connected');
      await page.screenshot({ path: join(SCREENSHOTS, 'serve-runs.png'), fullPage: true });
      await page.reload();
      await page.getByTestId('run-row').nth(1).waitFor();
      expect(dialogs).toEqual([]);
      expect(consoleErrors).toEqual([]);

      const stranger = await browser().newPage();
      await stranger.goto(served.url.replace(/\?token=.*/, ''));
      await stranger.waitForTimeout(1500);
      expect(await stranger.getByTestId('run-row').count()).toBe(0);
      expect(await stranger.getByTestId('connection').innerText()).toBe('reconnecting…');
      await stranger.screenshot({ path: join(SCREENSHOTS, 'serve-without-token.png') });
    } finally {
      remote.close();
      expect(await served.stop()).toBe(0);
    }
    expect(existsSync(join(served.dataDir, 'workbench.db.lock'))).toBe(false);
  }, 120_000);

  it.skipIf(electronBinary() !== undefined)(
    'npm start without the Electron binary says so in one sentence and serves the workbench in browser mode',
    async () => {
      const started = Date.now();
      const served = await serveUntilUrl(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', '0'], 120_000);
      const seconds = (Date.now() - started) / 1000;
      try {
        const notice = served.output().split('\n').filter((line) => line.includes('Electron binary'));
        expect(notice).toEqual([
          'The Electron binary is not installed (node_modules/electron/dist is missing: its download needs internet), so the workbench opens in browser mode instead.',
        ]);
        const page = await browser().newPage();
        await page.goto(served.url);
        await page.getByTestId('no-runs').waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, 'npm-start-browser-mode.png') });
        console.log(`npm start printed its URL after ${seconds.toFixed(1)} s`);
      } finally {
        expect(await served.stop()).toBe(0);
      }
    },
    180_000,
  );
});
