/**
 * Diagrams at 1024 px (issue 15), in Chromium against `enas serve` with the bundled fake trainer (each run
 * takes seconds): two micro and two macro searches, each with derived architectures.
 * - A 4-run Compare ("clips cells"): four best-cell diagrams (micro's two cells, macro's long chain) beside a
 *   four-run config diff. Every diagram must be drawn whole inside its own box, without a sideways scroll,
 *   every table cell must show its text whole, and the page must not scroll sideways; at 1024 and 1440 px.
 * - The run view opened at 1024 px on a run whose best micro pair is wider than the panel side by side (an arc
 *   a real quick search sampled): the cells must stack inside the panel, not widen the page.
 * - A retrain's run view (created, not started: the fake trainer knows no retrain): the architecture it
 *   retrains is drawn, its charts are the retrain's series, and no reward chart or sample history is shown.
 * Geometry is read from the page (getBoundingClientRect, scrollWidth); screenshots go to
 * test-results/ui-layout-1024/ to be looked at.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchSpace } from '../../src/core/spaces';
import { createPrng } from '../../src/core/random/prng';
import { resolvePreset } from '../../src/shared/config/presets';
import type { SpaceConfig } from '../../src/shared/config/space';
import { openStore } from '../../src/store/store';
import { fakeTrainerEntry } from '../fixtures/fake-trainer-harness';
import { HAS_CHROMIUM, ROOT, bridgeTo, serveUntilUrl } from './e2e-support';
import { waitForRun } from './e2e-runs';
import { closeRendererInChromium, openRendererInChromium } from './renderer-in-chromium';
import type { RendererInChromium } from './renderer-in-chromium';

const SHOTS = join(ROOT, 'test-results', 'ui-layout-1024');
/** A micro arc sampled by a real quick search on fashion-mnist-small: its cells side by side are about 1120 px wide. */
const WIDE_MICRO_ARC = '0 3 0 3 2 2 0 1 2 4 1 0 1 3 2 1 4 1 2 1 1 2 1 0 2 2 2 3 0 1 1 3 0 0 0 1 1 4 4 0';

function arcs(config: SpaceConfig, n: number, seed: number): string[] {
  const space = createSearchSpace(config);
  return Array.from({ length: n }, (_, i) => space.format(space.sampleUniform(createPrng(seed + i)) as never));
}

/** What overflows in the Compare view: a description per diagram, table cell or page that does not fit. */
function overflows(page: Page): Promise<string[]> {
  // Written as page source: this file compiles without the DOM library.
  return page.evaluate(`(() => {
    const problems = [];
    const view = document.querySelector('[data-testid="compare-view"]').getBoundingClientRect();
    const cells = [...document.querySelectorAll('[data-testid="compare-best-cell"]')];
    for (const [i, cell] of cells.entries()) {
      const box = cell.getBoundingClientRect();
      if (box.left < view.left - 1 || box.right > view.right + 1) problems.push('best cell ' + i + ' reaches outside the view: ' + box.left + '..' + box.right + ' of ' + view.left + '..' + view.right);
      const scroll = cell.querySelector('.scroll');
      const svg = cell.querySelector('svg');
      if (scroll === null || svg === null) { problems.push('best cell ' + i + ' has no diagram'); continue; }
      if (scroll.scrollWidth > scroll.clientWidth + 1) problems.push('best cell ' + i + ' scrolls sideways: ' + scroll.scrollWidth + ' px in ' + scroll.clientWidth);
      const s = svg.getBoundingClientRect();
      const r = scroll.getBoundingClientRect();
      if (s.right > r.right + 1 || s.left < r.left - 1) problems.push('best cell ' + i + ' diagram ' + s.width + ' px wide is cut by its box ' + r.width + ' px');
      if (s.width < 100) problems.push('best cell ' + i + ' diagram is ' + s.width + ' px wide');
    }
    for (const table of document.querySelectorAll('[data-testid="compare-view"] table')) {
      const t = table.getBoundingClientRect();
      if (t.right > view.right + 1) problems.push((table.dataset.testid || 'a table') + ' reaches ' + Math.round(t.right - view.right) + ' px past the view');
      for (const td of table.querySelectorAll('td, th')) {
        if (td.scrollWidth > td.clientWidth + 1) problems.push((table.dataset.testid || 'a table') + ' cell "' + td.textContent.slice(0, 40) + '" is cut');
      }
    }
    const doc = document.scrollingElement;
    if (doc.scrollWidth > window.innerWidth + 1) problems.push('the page scrolls sideways: ' + doc.scrollWidth + ' px in ' + window.innerWidth);
    return problems;
  })()`) as Promise<string[]>;
}

/** What overflows in the run view: its selected-architecture panel and the page. */
function runViewOverflows(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const problems = [];
    const panel = document.querySelector('[data-testid="selected-diagram"]').getBoundingClientRect();
    const view = document.querySelector('[data-testid="run-view"]').getBoundingClientRect();
    if (panel.right > view.right + 1) problems.push('the diagram panel reaches ' + Math.round(panel.right - view.right) + ' px past the run view');
    const scroll = document.querySelector('[data-testid="selected-diagram"] .scroll');
    if (scroll === null) problems.push('no diagram');
    else if (scroll.scrollWidth > scroll.clientWidth + 1) problems.push('the diagram scrolls sideways: ' + scroll.scrollWidth + ' px in ' + scroll.clientWidth);
    const doc = document.scrollingElement;
    if (doc.scrollWidth > window.innerWidth + 1) problems.push('the page scrolls sideways: ' + doc.scrollWidth + ' px in ' + window.innerWidth);
    return problems;
  })()`) as Promise<string[]>;
}

describe.skipIf(!HAS_CHROMIUM)('diagrams at 1024 px in Chromium', () => {
  let browser: Browser;
  let opened: RendererInChromium | undefined;
  beforeAll(async () => {
    opened = await openRendererInChromium('enas-ui-compare-cells-', SHOTS);
    browser = opened.browser;
  }, 180_000);
  afterAll(async () => {
    await closeRendererInChromium(opened);
  });

  it("draws four best cells and the four-run tables whole at 1024 and 1440 px, a wide micro pair stacked in the run view, and a retrain's own view", async () => {
    const base = { preset: 'quick', strategy: 'enas', dataset: 'tiny', backend: 'cpu' } as const;
    const micro = resolvePreset({ ...base, space: 'micro', seed: 1 });
    const macro = resolvePreset({ ...base, space: 'macro', seed: 1 });
    const behaviour = { steps: 20, stepMs: 10, bySpace: { micro: { derivedArcs: [WIDE_MICRO_ARC, ...arcs(micro.space, 1, 11)] }, macro: { derivedArcs: arcs(macro.space, 2, 21) } } };
    const env = { ENAS_TRAINER_ENTRY: await fakeTrainerEntry(), FAKE_TRAINER: JSON.stringify(behaviour), ENAS_RENDERER_DIR: opened!.rendererDir };
    Object.assign(process.env, env);
    const dir = mkdtempSync(join(tmpdir(), 'enas-compare-cells-'));
    const dbFile = join(dir, 'workbench.db');
    const store = openStore(dbFile);
    store.datasets.create({ name: 'tiny', kind: 'image', format: 'idx', path: 'tiny', summary: { counts: { train: 100, valid: 20 }, shapes: { image: [8, 8, 1], label: [] }, classes: ['a', 'b'] } });
    store.close();
    const served = await serveUntilUrl(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), 'serve', '--port', '0', '--db', dbFile]);
    const remote = bridgeTo(served.url);
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    try {
      const specs = [
        { name: 'enas micro seed 1', config: micro },
        { name: 'random-ws micro seed 2', config: resolvePreset({ ...base, space: 'micro', strategy: 'random-ws', seed: 2 }) },
        { name: 'enas macro seed 1', config: macro },
        { name: 'random-ws macro seed 2', config: resolvePreset({ ...base, space: 'macro', strategy: 'random-ws', seed: 2 }) },
      ];
      const ids: number[] = [];
      for (const s of specs) ids.push((await remote.bridge.call('runs.create', { name: s.name, config: s.config })).id);
      for (const id of ids) await remote.bridge.call('runs.start', { runId: id });
      for (const id of ids) expect(await waitForRun(remote.bridge, id, 60_000)).toBe('completed');

      await page.goto(`${served.url}#/compare/${ids.join(',')}`);
      await page.getByTestId('compare-view').waitFor();
      await expect.poll(() => page.locator('[data-testid="compare-best-cell"] svg').count(), { timeout: 15_000 }).toBe(4);
      await page.getByTestId('config-diff').waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, 'compare-4-runs-1024.png'), fullPage: true });
      expect(await overflows(page)).toEqual([]);

      await page.setViewportSize({ width: 1440, height: 900 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, 'compare-4-runs-1440.png'), fullPage: true });
      expect(await overflows(page)).toEqual([]);

      // The run view, opened at 1024 px: its best architecture is the wide pair, drawn on the panel's first layout.
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.evaluate(`location.hash = '#/run/${ids[0]}'`);
      await page.locator('[data-testid="selected-diagram"] svg').first().waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS, 'run-view-wide-pair-1024.png'), fullPage: true });
      expect(await page.locator('[data-testid="selected-diagram"] .scroll').getAttribute('data-stacked')).toBe('true');
      expect(await runViewOverflows(page)).toEqual([]);

      const retrain = await remote.bridge.call('runs.create', {
        name: 'retrain of the wide pair',
        config: micro,
        job: { kind: 'retrain', arc: WIDE_MICRO_ARC },
        parentRunId: ids[0]!,
      });
      await page.evaluate(`location.hash = '#/run/${retrain.id}'`);
      await page.getByTestId('retrain-charts').waitFor();
      await page.locator('[data-testid="selected-diagram"] svg').first().waitFor();
      expect(await page.getByTestId('selected-diagram').innerText()).toContain('the retrained architecture');
      // Not started, so each chart says which of the retrain's series it waits for (titles are drawn on the canvas).
      expect(await page.getByTestId('retrain-charts').innerText()).toMatch(/retrain\/loss[\s\S]*retrain\/accuracy[\s\S]*retrain\/lr/);
      expect(await page.getByTestId('reward-chart').count()).toBe(0);
      expect(await page.getByTestId('history').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'run-view-retrain-1024.png'), fullPage: true });
      expect(errors).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: join(SHOTS, 'failure.png'), fullPage: true });
      throw new Error(`${err instanceof Error ? err.message : String(err)}\npage errors: ${errors.join('; ')}`, { cause: err });
    } finally {
      remote.close();
      await page.close();
      await served.stop();
      rmSync(dir, { recursive: true, force: true });
      for (const key of Object.keys(env)) delete process.env[key];
    }
  }, 240_000);
});
