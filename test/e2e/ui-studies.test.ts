/**
 * The Studies view end to end in Debian's Chromium against `enas serve`: the New study form reports a bad
 * seed count next to its button and starts a study (which the view lists, running, and stops); then a real
 * tiny study (enas, random-ws and random, seeds 1 and 2, the synthetic 8×8 dataset on the wasm backend, the
 * bundled trainer) runs to the end while the page shows it: its table has a row per strategy with n = 2 and
 * the paired p-values, the caveat that two seeds cannot conclude anything, each supernet's fidelity (Kendall τ),
 * the strip plot of per-seed scores
 * and the reward bands; a run of the study links back to it. Screenshot: test-results/ui/studies.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbenchBridge } from '../../src/renderer/api/bridge';
import { bundledTrainerEntry, removeBundles } from '../fixtures/bundled-entry';
import { prepareStudyCli } from '../fixtures/study-cli-setup';
import { tinySearchConfig } from '../fixtures/tiny-search-config';
import { CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM, ROOT, bridgeTo, serveUntilUrl } from './e2e-support';

const SHOTS = join(ROOT, 'test-results', 'ui');

async function waitForStudy(bridge: WorkbenchBridge, studyId: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { study } = await bridge.call('studies.get', { studyId });
    if (study.status !== 'running') return study.status;
    if (Date.now() > deadline) throw new Error(`study ${studyId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(!HAS_CHROMIUM)('the Studies view in Chromium', () => {
  let browser: Browser;
  let rendererDir: string;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    rendererDir = mkdtempSync(join(tmpdir(), 'enas-ui-'));
    await build({
      root: join(ROOT, 'src', 'renderer'),
      base: './',
      plugins: [vue()],
      logLevel: 'error',
      build: { outDir: rendererDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
    });
    process.env.ENAS_TRAINER_ENTRY = await bundledTrainerEntry();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(rendererDir, { recursive: true, force: true });
    delete process.env.ENAS_TRAINER_ENTRY;
    removeBundles();
  });

  it('starts a study from the form, and shows a finished one: table, caveats, strip plot, reward bands', async () => {
    process.env.ENAS_RENDERER_DIR = rendererDir;
    const db = prepareStudyCli({ backend: 'wasm' });
    const served = await serveUntilUrl(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'serve', '--port', '0', '--db', db.dbFile]);
    const remote = bridgeTo(served.url);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const errors: string[] = [];
    try {
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(served.url);
      await page.keyboard.press('6');
      await page.getByTestId('studies-view').waitFor();

      // The form: zero seeds is refused with the schema's message; a valid study starts and is listed.
      await page.getByTestId('study-new').click();
      await page.getByTestId('study-seeds').fill('0');
      await page.getByTestId('study-issues').waitFor();
      expect(await page.getByTestId('study-issues').innerText()).toMatch(/seeds/);
      expect(await page.getByTestId('study-start').isDisabled()).toBe(true);
      await page.getByTestId('study-seeds').fill('1');
      // Every study strategy is offered; enas, random-ws and random are ticked to begin with.
      const ticked = async (s: string): Promise<boolean> => page.getByTestId(`study-strategy-${s}`).isChecked();
      expect(await Promise.all(['enas', 'enas-memory', 'parsec', 'random-ws', 'random'].map(ticked))).toEqual([true, false, false, true, true]);
      await page.getByTestId('study-strategy-enas').uncheck();
      await page.getByTestId('study-strategy-random-ws').uncheck();
      await page.getByTestId('study-dataset').selectOption('synthetic');
      await page.getByTestId('study-name').fill('from the form');
      await page.getByTestId('study-start').click();
      await expect.poll(() => page.getByTestId('study-status').innerText(), { timeout: 20_000 }).toBe('running');
      expect(await page.getByTestId('study-item').first().innerText()).toContain('from the form');
      await page.getByTestId('study-stop').click();
      await expect.poll(() => page.getByTestId('study-status').innerText(), { timeout: 60_000 }).toBe('incomplete');

      // A real tiny study, created through the API as a script would, watched by the page.
      const study = await remote.bridge.call('studies.create', {
        name: 'tiny: enas vs random-ws vs random',
        spec: { base: { ...tinySearchConfig({ epochs: 1 }), backend: 'wasm' }, strategies: ['enas', 'random-ws', 'random'], seeds: 2, parallel: 2 },
      });
      await page.getByTestId('study-item').filter({ hasText: 'tiny: enas' }).click();
      expect(await waitForStudy(remote.bridge, study.id, 400_000)).toBe('completed');
      await expect.poll(() => page.getByTestId('study-status').innerText(), { timeout: 10_000 }).toBe('completed');
      const rows = page.getByTestId('study-row');
      expect(await rows.count()).toBe(3);
      for (let i = 0; i < 3; i++) expect(await rows.nth(i).innerText()).toMatch(/^(enas|random-ws|random)\s+2\s/);
      expect(await page.getByTestId('study-caveats').innerText()).toMatch(/cannot give p below 0\.5/);
      expect(await page.getByTestId('study-status').innerText()).toBe('completed');
      // Each supernet scored both random architectures (n 2 per seed).
      expect(await page.getByTestId('study-fidelity').first().innerText()).toMatch(/seed 1: \S+ \(n 2\), seed 2: \S+ \(n 2\)/);
      await page.getByTestId('study-rewards-chart').waitFor();
      await expect.poll(async () => Number((await page.locator('[data-testid="study-scores-chart"] .base-chart').getAttribute('data-drawn-points')) ?? '0')).toBeGreaterThanOrEqual(6);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, 'studies.png'), fullPage: true });

      // A run of the study links back to it.
      await page.getByRole('button', { name: /seed 1 search/ }).first().click();
      await page.getByTestId('run-study-link').waitFor();
      expect(await page.getByTestId('run-study-link').innerText()).toMatch(new RegExp(`study #${study.id} · enas seed 1 search`));
      await page.getByTestId('run-study-link').click();
      await page.getByTestId('study-result').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      remote.close();
      await served.stop();
      rmSync(db.dir, { recursive: true, force: true });
    }
  }, 600_000);
});
