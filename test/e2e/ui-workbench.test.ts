/**
 * The workbench UI end to end in Debian's Chromium against `enas serve` on a fresh data folder, with a
 * real tiny search on the cpu backend: start a run from the New search form (validation messages next to
 * the field, then a pasted config), watch the reward chart gain points, open the sample history, draw a
 * sample's cells, export the diagram as PNG (decoded with pngjs: valid and not blank) and SVG (no script,
 * no external reference), compare two runs, and drop a lone labels file on the datasets drop zone (uploaded to the server,
 * refused there with the importer's error code; test/e2e/ui-datasets.test.ts covers valid drops). The renderer is built fresh into
 * a temp folder (ENAS_RENDERER_DIR) so the test sees the current UI. Screenshots go to test-results/ui/.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/shared/config/run';
import { tinySearchConfig } from '../fixtures/tiny-search-config';
import { ROOT, serveUntilUrl, HAS_CHROMIUM, bridgeTo } from './e2e-support';
import { syntheticDatabase, waitForRun } from './e2e-runs';
import { closeRendererInChromium, openRendererInChromium } from './renderer-in-chromium';
import type { RendererInChromium } from './renderer-in-chromium';

const SHOTS = join(ROOT, 'test-results', 'ui');


/** The tiny search of docs/reliability.md: the synthetic 8×8 dataset, registered in the database before serving. */
const tiny = (seed: number): RunConfig => tinySearchConfig({ seed, epochs: 2 });

async function numberAttribute(page: Page, testId: string, name: string): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute(name)) ?? '0');
}

describe.skipIf(!HAS_CHROMIUM)('the workbench UI in Chromium', () => {
  let browser: Browser;
  let rendererDir: string;
  let opened: RendererInChromium | undefined;
  beforeAll(async () => {
    opened = await openRendererInChromium('enas-ui-', SHOTS);
    ({ browser, rendererDir } = opened);
  }, 120_000);
  afterAll(async () => {
    await closeRendererInChromium(opened);
  });

  it('starts a search from the form, charts it live, draws and exports a sample, compares two runs', async () => {
    process.env.ENAS_RENDERER_DIR = rendererDir;
    const db = syntheticDatabase('enas-ui-db-');
    const served = await serveUntilUrl(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'serve', '--port', '0', '--db', db.dbFile]);
    const remote = bridgeTo(served.url);
    const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    try {
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(served.url);
      await page.getByTestId('no-runs').waitFor();
      expect(await page.getByTestId('no-runs').innerText()).toContain('New search');
      await page.screenshot({ path: join(SHOTS, 'empty-runs.png') });

      // The form: a bad seed is reported next to the seed field; the preset's source and the size show.
      await page.keyboard.press('4');
      await page.getByTestId('field-seed').fill('-3');
      await expect.poll(() => page.getByTestId('issue-seed').innerText()).not.toBe('');
      expect(await page.getByTestId('start-search').isDisabled()).toBe(true);
      expect(await page.getByTestId('preset-source').innerText()).toContain('CPU demo');
      expect(await page.getByTestId('space-size').innerText()).toMatch(/^\d(\.\d)?e\d+$/);
      await page.getByTestId('field-seed').fill('7');
      await page.screenshot({ path: join(SHOTS, 'new-search.png') });
      await page.getByTestId('field-name').fill('ui run A');
      await page.getByTestId('field-use-json').check();
      await page.getByTestId('field-json').fill(JSON.stringify(tiny(7), null, 2));
      await page.getByTestId('start-search').click();

      // Run view: the reward chart gains points while the search runs.
      await page.getByTestId('run-view').waitFor();
      const second = await remote.bridge.call('runs.create', { name: 'ui run B', config: tiny(8) });
      await expect.poll(() => numberAttribute(page, 'reward-chart', 'data-points'), { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
      const first = await numberAttribute(page, 'reward-chart', 'data-points');
      await expect.poll(() => numberAttribute(page, 'reward-chart', 'data-points'), { timeout: 90_000, interval: 200 }).toBeGreaterThan(first);
      const runs = await remote.bridge.call('runs.list', {});
      const runA = runs.find((r) => r.name === 'ui run A');
      expect(runA).toBeDefined();
      expect(await waitForRun(remote.bridge, runA!.id, 120_000)).toBe('completed');
      await remote.bridge.call('runs.start', { runId: second.id });

      // History: select a sample and see its cells; export them.
      await page.getByTestId('history-row').first().locator('.cell').first().waitFor();
      expect(Number(await page.getByTestId('history-total').innerText())).toBeGreaterThan(0);
      await page.getByTestId('history-row').first().click();
      await page.getByTestId('cell-diagram').locator('svg rect').nth(3).waitFor();
      await page.screenshot({ path: join(SHOTS, 'run-view.png'), fullPage: true });

      const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
      const png = PNG.sync.read(readFileSync((await pngDownload.path())!));
      const svgBox = await page.getByTestId('cell-diagram').locator('svg').boundingBox();
      expect(png.width).toBe(Math.ceil(svgBox!.width * 2));
      let white = 0;
      let dark = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        const sum = png.data[i]! + png.data[i + 1]! + png.data[i + 2]!;
        if (sum === 765) white += 1;
        if (sum < 300) dark += 1;
      }
      const pixels = png.width * png.height;
      expect(white / pixels).toBeGreaterThan(0.3);
      expect(dark / pixels).toBeGreaterThan(0.005);
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
      const svg = readFileSync((await svgDownload.path())!, 'utf8');
      expect(svg).toContain('<svg');
      expect(svg).not.toMatch(/<script|<foreignObject|<image|\shref=|\ssrc=|url\((?!#)|\son[a-z]+=/i);

      // Compare the two runs.
      expect(await waitForRun(remote.bridge, second.id, 120_000)).toBe('completed');
      await page.keyboard.press('1');
      await page.getByTestId(`pick-${runA!.id}`).check();
      await page.getByTestId(`pick-${second.id}`).check();
      await page.screenshot({ path: join(SHOTS, 'runs.png') });
      await page.getByTestId('compare-picked').click();
      await expect.poll(() => numberAttribute(page, 'compare-chart', 'data-series'), { timeout: 10_000 }).toBe(2);
      expect(await page.getByTestId('config-diff').innerText()).toContain('seed');
      await page.getByTestId('final-scores').waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });

      // Datasets: a browser drop is uploaded and imported on the server; a lone labels file is refused.
      await page.keyboard.press('5');
      await page.getByTestId('dataset-row').nth(1).waitFor();
      // Written as page source: this file compiles without the DOM library.
      await page.evaluate(`(() => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array([0, 0, 8, 1])], 'train-labels-idx1-ubyte'));
        document.querySelector('[data-testid="drop-zone"]').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      })()`);
      await page.getByTestId('drop-error').waitFor();
      expect(await page.getByTestId('drop-error-code').innerText()).toBe('DATASET_UNKNOWN_FORMAT');
      await page.keyboard.press('t');
      await page.screenshot({ path: join(SHOTS, 'datasets-dark.png') });
      expect(errors).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: join(SHOTS, 'failure.png'), fullPage: true });
      const states = (await remote.bridge.call('runs.list', {})).map((r) => `#${r.id} ${r.status} ${r.sampleCount} samples ${r.error?.message ?? ''}`);
      throw new Error(`${err instanceof Error ? err.message : String(err)}\nruns: ${states.join('; ')}\npage errors: ${errors.join('; ')}\nserver output:\n${served.output()}`, { cause: err });
    } finally {
      remote.close();
      await served.stop();
      delete process.env.ENAS_RENDERER_DIR;
      rmSync(db.dir, { recursive: true, force: true });
    }
  }, 240_000);
});
