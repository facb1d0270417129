/**
 * The Compare view in Chromium against `enas serve` with real tiny searches on the cpu backend: two enas
 * and two random-ws runs (seeds 7 and 8, one epoch each). It checks what is drawn, read from the Compare store (the lines
 * the chart option is built from) and from the chart element (data-drawn-points, which BaseChart writes from
 * the option ECharts finished drawing), never from pixels: every run's per-sample reward appears (random-ws
 * included, which `controller/mean-reward` showed as one invisible point), smoothed with TensorBoard's
 * debiased EMA, then grouped by strategy into mean ± std bands; the wall-time axis stays within each run's
 * duration; a single run's final score prints "± —", not "± 0". Screenshots at 1440 and 1024 px wide go
 * to test-results/ui/.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debiasedEma } from '../../src/renderer/compare/smoothing';
import type { CompareLine } from '../../src/renderer/compare/compare-lines';
import { tinySearchConfig } from '../fixtures/tiny-search-config';
import { HAS_CHROMIUM, ROOT, bridgeTo, serveUntilUrl } from './e2e-support';
import { syntheticDatabase, waitForRun } from './e2e-runs';
import { closeRendererInChromium, openRendererInChromium } from './renderer-in-chromium';
import type { RendererInChromium } from './renderer-in-chromium';

const SHOTS = join(ROOT, 'test-results', 'ui');

/** The Compare store's lines, through the app's Pinia (Vue keeps the app on its mount element in every build). */
function drawnLines(page: Page): Promise<CompareLine[]> {
  // Written as page source: this file compiles without the DOM library.
  return page.evaluate(`(() => {
    const pinia = document.querySelector('#app').__vue_app__.config.globalProperties.$pinia;
    return JSON.parse(JSON.stringify(pinia._s.get('compare').lines, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  })()`) as Promise<CompareLine[]>;
}

async function drawnPoints(page: Page): Promise<number> {
  return Number((await page.getByTestId('compare-chart').locator('.base-chart').getAttribute('data-drawn-points')) ?? '-1');
}

/** Points of every series compare-chart.ts makes of `lines`: the line, its raw points, a band's two series. */
const seriesPoints = (lines: readonly CompareLine[]): number =>
  lines.reduce((sum, l) => sum + l.x.length + (l.raw?.x.length ?? 0) + (l.band === null ? 0 : 2 * l.x.length), 0);

describe.skipIf(!HAS_CHROMIUM)('the Compare view in Chromium', () => {
  let browser: Browser;
  let rendererDir: string;
  let opened: RendererInChromium | undefined;
  beforeAll(async () => {
    opened = await openRendererInChromium('enas-ui-compare-', SHOTS);
    ({ browser, rendererDir } = opened);
  }, 180_000);
  afterAll(async () => {
    await closeRendererInChromium(opened);
  });

  it('overlays enas and random-ws per-sample rewards, smoothed, then grouped by strategy with bands', async () => {
    process.env.ENAS_RENDERER_DIR = rendererDir;
    const db = syntheticDatabase('enas-compare-db-');
    const served = await serveUntilUrl(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'serve', '--port', '0', '--db', db.dbFile]);
    const remote = bridgeTo(served.url);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const errors: string[] = [];
    try {
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      const specs = [
        { name: 'enas s7', strategy: 'enas', seed: 7 },
        { name: 'enas s8', strategy: 'enas', seed: 8 },
        { name: 'random-ws s7', strategy: 'random-ws', seed: 7 },
        { name: 'random-ws s8', strategy: 'random-ws', seed: 8 },
      ] as const;
      const created = [];
      for (const s of specs) {
        created.push(await remote.bridge.call('runs.create', { name: s.name, config: tinySearchConfig({ seed: s.seed, strategy: s.strategy, epochs: 1 }) }));
      }
      const searchStart = Date.now();
      for (const run of created) await remote.bridge.call('runs.start', { runId: run.id });
      for (const run of created) expect(await waitForRun(remote.bridge, run.id, 240_000)).toBe('completed');
      console.info(`ui-compare: the four tiny searches took ${((Date.now() - searchStart) / 1000).toFixed(1)} s`);
      const ids = created.map((r) => r.id);
      const rewards = await remote.bridge.call('samples.rewards', { runIds: ids });
      for (const r of rewards) expect(r.reward.length, `run ${r.runId} scored samples`).toBeGreaterThan(10);

      await page.goto(served.url);
      await page.keyboard.press('1');
      for (const id of ids) await page.getByTestId(`pick-${id}`).check();
      await page.getByTestId('compare-picked').click();

      // One line per run, each with all of its scored samples: random-ws is drawn like enas.
      await expect.poll(() => numberAttr(page, 'compare-chart', 'data-series'), { timeout: 15_000 }).toBe(4);
      await expect.poll(async () => (await drawnLines(page)).every((l) => l.x.length > 0), { timeout: 15_000 }).toBe(true);
      let lines = await drawnLines(page);
      expect(lines.map((l) => l.runIds[0])).toEqual(ids);
      for (const [i, line] of lines.entries()) {
        const own = rewards.find((r) => r.runId === ids[i])!;
        // Scored-samples axis: x is the sample's ordinal; y is TensorBoard's EMA at the default 0.6.
        expect(line.x).toEqual(own.reward.map((_, k) => k + 1));
        debiasedEma(own.reward, 0.6).forEach((v, k) => expect(line.y[k]).toBeCloseTo(v, 9));
        expect(line.raw!.y).toEqual(own.reward);
      }
      await expect.poll(() => drawnPoints(page), { timeout: 10_000 }).toBe(seriesPoints(lines));

      // Smoothing 0.9 and grouping by strategy: two mean lines with ± std bands over two seeds each.
      await page.getByTestId('compare-smoothing').fill('0.9');
      await page.getByTestId('compare-grouping').selectOption('strategy');
      await expect.poll(() => numberAttr(page, 'compare-chart', 'data-series'), { timeout: 10_000 }).toBe(2);
      lines = await drawnLines(page);
      expect(lines.map((l) => l.name)).toEqual(['enas (mean of 2)', 'random-ws (mean of 2)']);
      for (const [g, line] of lines.entries()) {
        const [a, b] = [rewards[2 * g]!, rewards[2 * g + 1]!].map((r) => debiasedEma(r.reward, 0.9));
        // Both seeds score the same number of samples, so the common grid is their ordinals and the mean is exact.
        expect(line.x).toEqual(a!.map((_, k) => k + 1));
        line.y.forEach((m, k) => expect(m).toBeCloseTo((a![k]! + b![k]!) / 2, 9));
        line.band!.std.forEach((s, k) => expect(s).toBeCloseTo(Math.abs(a![k]! - b![k]!) / Math.SQRT2, 9));
        expect(new Set(line.band!.n)).toEqual(new Set([2]));
      }
      await expect.poll(() => drawnPoints(page), { timeout: 10_000 }).toBe(seriesPoints(lines));
      expect(await page.getByTestId('final-scores').innerText()).toMatch(/derive\/best-accuracy\t2\t\d\.\d{4} ± \d\.\d{4}/);
      await page.screenshot({ path: join(SHOTS, 'compare-chart-1440.png'), clip: { x: 0, y: 0, width: 1440, height: 640 } });
      await page.screenshot({ path: join(SHOTS, 'compare-1440.png'), fullPage: true });
      await page.setViewportSize({ width: 1024, height: 1100 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS, 'compare-1024.png'), fullPage: true });
      // The tooltip (DOM text ECharts writes next to its canvas) gives each group's mean ± std and n.
      await page.getByTestId('compare-chart').hover({ position: { x: 500, y: 170 } });
      await expect.poll(() => page.getByTestId('compare-chart').innerText(), { timeout: 5_000 }).toMatch(/enas \(mean of 2\): [\d.e+-]+ ± [\d.e+-]+ \(n = 2\)/);
      await page.mouse.move(0, 0);

      // Wall time: every x lies within the run's own start-to-end span.
      await page.getByTestId('compare-grouping').selectOption('none');
      await page.getByTestId('compare-x-axis').selectOption('time');
      await expect.poll(async () => (await drawnLines(page)).length, { timeout: 10_000 }).toBe(4);
      lines = await drawnLines(page);
      await expect.poll(() => drawnPoints(page), { timeout: 10_000 }).toBe(seriesPoints(lines));
      for (const line of lines) {
        const { run } = await remote.bridge.call('runs.get', { runId: line.runIds[0]! });
        const span = (run.endedAt! - run.startedAt!) / 1000;
        expect(line.x[0]).toBeGreaterThan(0);
        expect(line.x[line.x.length - 1]).toBeLessThanOrEqual(span);
      }
      // One run per row: the spread of one value is unknown, shown as "—" instead of ± 0.0000.
      expect(await page.getByTestId('final-scores').innerText()).toMatch(/derive\/best-accuracy\t1\t\d\.\d{4} ± —/);
      await page.getByTestId('compare-log').check();
      await page.getByTestId('compare-series').selectOption('controller/mean-reward');
      await page.getByTestId('compare-x-axis').selectOption('sample');
      // One epoch: 3 controller updates for enas, the one of random-ws; drawn with markers, as few points are.
      await expect.poll(async () => (await drawnLines(page)).map((l) => l.x.length), { timeout: 10_000 }).toEqual([3, 3, 1, 1]);
      lines = await drawnLines(page);
      await expect.poll(() => drawnPoints(page), { timeout: 10_000 }).toBe(seriesPoints(lines));
      await page.screenshot({ path: join(SHOTS, 'compare-mean-reward-log.png'), fullPage: true });
      expect(errors).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: join(SHOTS, 'compare-failure.png'), fullPage: true });
      throw new Error(`${err instanceof Error ? err.message : String(err)}\npage errors: ${errors.join('; ')}\nserver output:\n${served.output()}`, { cause: err });
    } finally {
      remote.close();
      await served.stop();
      delete process.env.ENAS_RENDERER_DIR;
      rmSync(db.dir, { recursive: true, force: true });
    }
  }, 420_000);
});

async function numberAttr(page: Page, testId: string, name: string): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute(name)) ?? '0');
}
