/**
 * Everyday use in Chromium (issue 15), on `enas serve` with the bundled fake trainer so each run takes
 * seconds: a search started by `enas search --db` in a terminal is handed to the server and appears live in
 * the open page; its run view shows the result (derived top-K with scores, derive candidates marked apart
 * in the reward chart, the best architecture drawn); hash routes survive a reload and Back; a perplexity
 * that spikes by decades gets a log axis; the JSON editor opens with the form's config. Screenshots at
 * 1440 and 1024 px go to test-results/ui-results/.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchSpace } from '../../src/core/spaces';
import { createPrng } from '../../src/core/random/prng';
import { resolvePreset } from '../../src/shared/config/presets';
import type { SpaceConfig } from '../../src/shared/config/space';
import { openStore } from '../../src/store/store';
import { gzipSync } from 'node:zlib';
import { idxImagesFile, idxLabelsFile } from '../fixtures/datasets/generators';
import { NAMES } from '../fixtures/datasets/idx-folders';
import { fakeTrainerEntry } from '../fixtures/fake-trainer-harness';
import { HAS_CHROMIUM, ROOT, bridgeTo, serveUntilUrl, waitForText } from './e2e-support';
import { closeRendererInChromium, openRendererInChromium } from './renderer-in-chromium';
import type { RendererInChromium } from './renderer-in-chromium';

const SHOTS = join(ROOT, 'test-results', 'ui-results');
const micro = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 1, backend: 'cpu' });
const rnn = resolvePreset({ preset: 'quick', space: 'rnn', strategy: 'enas', dataset: 'tiny-text', seed: 1, backend: 'cpu' });

function arcs(config: SpaceConfig, n: number): string[] {
  const space = createSearchSpace(config);
  return Array.from({ length: n }, (_, i) => space.format(space.sampleUniform(createPrng(i + 1)) as never));
}

/** A database with an image and a text dataset row (the fake trainer reads no data). */
function freshDatabase(): { dir: string; dbFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'enas-ui-results-'));
  const dbFile = join(dir, 'workbench.db');
  const store = openStore(dbFile);
  try {
    store.datasets.create({ name: 'tiny', kind: 'image', format: 'idx', path: 'tiny', summary: { counts: { train: 100, valid: 20 }, shapes: { image: [8, 8, 1], label: [] }, classes: ['a', 'b'] } });
    store.datasets.create({ name: 'tiny-text', kind: 'text', format: 'text', path: 'tiny-text', summary: { counts: { train: 1000, valid: 100 }, shapes: {}, classes: [] } });
  } finally {
    store.close();
  }
  return { dir, dbFile };
}

describe.skipIf(!HAS_CHROMIUM)('everyday use of the workbench in Chromium', () => {
  let browser: Browser;
  let rendererDir: string;
  let opened: RendererInChromium | undefined;
  beforeAll(async () => {
    opened = await openRendererInChromium('enas-ui-', SHOTS);
    ({ browser, rendererDir } = opened);
  }, 180_000);
  afterAll(async () => {
    await closeRendererInChromium(opened);
  });

  it('follows a CLI search live, shows its result, keeps routes, and puts a perplexity spike on a log axis', async () => {
    const microArcs = arcs(micro.space, 3);
    const behaviour = {
      steps: 30,
      stepMs: 40,
      bySpace: { micro: { derivedArcs: microArcs }, rnn: { derivedArcs: arcs(rnn.space, 2), validScores: [420, 380, 350, 10_453_555, 330] } },
    };
    const env = { ENAS_TRAINER_ENTRY: await fakeTrainerEntry(), FAKE_TRAINER: JSON.stringify(behaviour), ENAS_RENDERER_DIR: rendererDir };
    Object.assign(process.env, env);
    const db = freshDatabase();
    const served = await serveUntilUrl(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), 'serve', '--port', '0', '--db', db.dbFile]);
    const remote = bridgeTo(served.url);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    try {
      await page.goto(served.url);
      await page.getByTestId('no-runs').waitFor();

      // The JSON editor opens with the form's config, not empty with a parse error.
      await page.keyboard.press('4');
      await page.getByTestId('field-use-json').check();
      const json = await page.getByTestId('field-json').inputValue();
      expect(JSON.parse(json)).toMatchObject({ space: { space: 'micro' }, preset: 'quick' });
      expect(await page.getByTestId('new-search').innerText()).not.toContain('Unexpected end of JSON input');
      await page.getByTestId('field-use-json').uncheck();
      await page.getByTestId('nav-runs').click();

      // A terminal's search on the same database: handed to the server, seen live in the page.
      const cli = spawn(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), 'search', '--dataset', 'tiny', '--epochs', '1', '--no-retrain', '--db', db.dbFile], {
        cwd: ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let cliOutput = '';
      cli.stdout.setEncoding('utf8').on('data', (t: string) => (cliOutput += t));
      cli.stderr.setEncoding('utf8').on('data', (t: string) => (cliOutput += t));
      const cliExit = new Promise<number | null>((resolve) => cli.once('exit', resolve));
      await page.getByTestId('run-row').first().waitFor({ timeout: 60_000 }).catch((err: unknown) => {
        throw new Error(`no run row; enas search said:\n${cliOutput}\n${String(err)}`);
      });
      expect(await page.getByTestId('run-row').first().innerText()).toMatch(/running|created/);
      expect(await cliExit).toBe(0);
      await waitForText(() => cliOutput, /run 1 completed/, 5_000, 'enas search');
      expect(cliOutput).toContain('the run goes to it');

      // The run view: results, derive candidates marked apart, the best drawn; the hash names the run.
      await page.getByTestId('open-1').click();
      await page.getByTestId('derived-row').nth(2).waitFor();
      expect(page.url()).toMatch(/#\/run\/1$/);
      expect((await page.getByTestId('derived-score').allInnerTexts()).map(Number)).toEqual([0.6, 0.5, 0.4]);
      await expect.poll(() => page.getByTestId('reward-chart').getAttribute('data-derive-points')).toBe('3');
      await page.getByTestId('selected-diagram').locator('svg').first().waitFor();
      expect(await page.getByTestId('selected-diagram').innerText()).toContain('derived #1 (best)');
      await page.screenshot({ path: join(SHOTS, 'run-results-1440.png'), fullPage: true });
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.screenshot({ path: join(SHOTS, 'run-results-1024.png') });

      // Reload keeps the open run; Back returns to the runs list.
      await page.reload();
      await page.getByTestId('derived-row').first().waitFor();
      expect(await page.getByTestId('run-view').isVisible()).toBe(true);
      await page.goBack();
      await page.getByTestId('run-row').first().waitFor();
      expect(page.url()).toMatch(/#\/runs$/);

      // A language model whose validation perplexity spikes to 1e7: log axis, best valid is the lowest.
      const lm = await remote.bridge.call('runs.create', { name: 'lm', config: rnn });
      await remote.bridge.call('runs.start', { runId: lm.id });
      await page.goto(`${served.url.replace(/\?token=.*/, '')}#/run/${lm.id}`);
      await expect.poll(() => page.getByTestId('valid-chart').getAttribute('data-axis'), { timeout: 60_000 }).toBe('log');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.screenshot({ path: join(SHOTS, 'rnn-log-axis-1440.png'), fullPage: true });
      await page.keyboard.press('?');
      await page.getByTestId('shortcuts').waitFor();
      await page.screenshot({ path: join(SHOTS, 'shortcuts-1440.png') });
      await page.keyboard.press('Escape');

      // Browse… beside the drop zone: picked files are uploaded and imported like dropped ones.
      await page.getByTestId('nav-datasets').click();
      const prng = createPrng(3);
      await page.getByTestId('drop-name').fill('picked digits');
      await page.getByTestId('browse-files').setInputFiles([
        { name: `${NAMES.trainImages}.gz`, mimeType: 'application/gzip', buffer: gzipSync(idxImagesFile(prng, 300)) },
        { name: `${NAMES.trainLabels}.gz`, mimeType: 'application/gzip', buffer: gzipSync(idxLabelsFile(prng, 300)) },
      ]);
      await page.getByTestId('drop-message').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('drop-message').innerText()).toBe('Imported "picked digits" (image, idx).');
      await page.screenshot({ path: join(SHOTS, 'datasets-browse-1440.png') });
      expect(errors).toEqual([]);
    } finally {
      remote.close();
      await page.close();
      await served.stop();
      rmSync(db.dir, { recursive: true, force: true });
      for (const key of Object.keys(env)) delete process.env[key];
    }
  }, 240_000);
});
