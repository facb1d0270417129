/**
 * The controller analysis in the run view (issue 18), in Chromium on `enas serve`: a real enas-memory search
 * of the shipped NAS-Bench-201 CIFAR-10 table (300 queries, run in-process through the CLI with --save) is
 * opened in the run view, which draws the scatter of the last window's pairs (4,950, every third kept)
 * and the correlation of its three windows, with the mean the CLI printed. Screenshot in
 * test-results/ui-controller-analysis/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { captureIo } from '../fixtures/capture-io';
import { HAS_CHROMIUM, ROOT, serveUntilUrl } from './e2e-support';
import { closeRendererInChromium, openRendererInChromium } from './renderer-in-chromium';
import type { RendererInChromium } from './renderer-in-chromium';

const SHOTS = join(ROOT, 'test-results', 'ui-controller-analysis');

describe.skipIf(!HAS_CHROMIUM)('the controller analysis in the run view', () => {
  let browser: Browser;
  let rendererDir: string;
  let opened: RendererInChromium | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'enas-ui-analysis-'));
  beforeAll(async () => {
    opened = await openRendererInChromium('enas-ui-', SHOTS);
    ({ browser, rendererDir } = opened);
  }, 180_000);
  afterAll(async () => {
    await closeRendererInChromium(opened);
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the hidden-state vs graph-distance scatter and the correlation per window of a tabular enas-memory run', async () => {
    const dbFile = join(dir, 'workbench.db');
    const { io, out, err } = captureIo();
    const code = await runCli(
      ['search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'nb201-cifar10', '--strategy', 'enas-memory', '--samples', '300', '--seeds', '1', '--save', '--db', dbFile, '--json'],
      io,
    );
    expect(code).toBe(0);
    const runId = Number(/run (\d+): nb201 enas-memory/.exec(err())?.[1]);
    const printed = (JSON.parse(out()) as { correlation: { perSeed: number[] } }).correlation.perSeed[0]!;

    process.env.ENAS_RENDERER_DIR = rendererDir;
    const served = await serveUntilUrl(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), 'serve', '--port', '0', '--db', dbFile]);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(served.url);
      await page.goto(`${served.url.replace(/\?token=.*/, '')}#/run/${runId}`);
      const drawn = (id: string) => page.getByTestId(id).locator('.base-chart').getAttribute('data-drawn-points');
      await expect.poll(() => drawn('chart-analysis-scatter'), { timeout: 60_000 }).toBe('1650');
      await expect.poll(() => drawn('chart-analysis-correlation'), { timeout: 10_000 }).toBe('3');
      expect(await page.getByTestId('analysis-mean').innerText()).toContain(`mean r ${printed.toFixed(3)} over 3 epochs`);
      await page.getByTestId('chart-analysis-scatter').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'run-view-analysis-1440.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await served.stop();
    }
  }, 240_000);
});
