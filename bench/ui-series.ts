/**
 * A 1,000,000-point metric series in the run view (issue 6): a run whose `child/loss` holds `points` steps
 * is opened in Debian's Chromium at 1440×900 against the browser-mode server. Measured in the page: the
 * time from clicking the run to the chart drawn and how many points it draws (about one per pixel, not a
 * million); then a zoom to the last 1% of the range with the slider's handle (one drag, as a user does) and
 * the time until that range's detail is drawn; then wheel zooming until the visible range holds fewer steps
 * than the chart has pixels, where the chart must show every stored step (raw resolution). The store's own
 * time for the same reads is printed beside them.
 *
 *   npx tsx bench/ui-series.ts [--points 1000000]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { resolvePreset } from '../src/shared/config/presets';
import { SCREENSHOTS, buildRenderer, launchChromium, machineLoad, printTable, serveBenchWorkbench } from './ui-bench-support';

const { values } = parseArgs({ options: { points: { type: 'string', default: '1000000' } } });
const TOTAL = Number(values.points);
const SERIES = 'child/loss';
const CHART = `[data-testid="chart-${SERIES}"] .base-chart`;
/** The metric chart's slider (RunViewMetricChart.vue): 16 px high, 8 px above the chart's bottom. */
const SLIDER = { bottom: 8, height: 16 };

interface Drawn {
  points: number;
  firstX: number;
  lastX: number;
}

async function drawnNow(page: Page): Promise<Drawn> {
  const chart = page.locator(CHART);
  const read = async (name: string): Promise<number> => Number((await chart.getAttribute(name)) || 'NaN');
  return { points: await read('data-drawn-points'), firstX: await read('data-drawn-first-x'), lastX: await read('data-drawn-last-x') };
}

/**
 * Page source: resolves with the milliseconds (page clock) from `startedAt` until what the chart has drawn
 * meets `condition`, a JavaScript expression over `points`, `first` and `last` (its drawn x range).
 */
function waitForDrawn(startedAt: string, condition: string): string {
  return `new Promise((resolve, reject) => {
    const check = () => {
      const el = document.querySelector(${JSON.stringify(CHART)});
      const points = Number(el?.dataset.drawnPoints || 0);
      const first = Number(el?.dataset.drawnFirstX || NaN);
      const last = Number(el?.dataset.drawnLastX || NaN);
      if (${condition}) resolve(performance.now() - ${startedAt});
      else if (performance.now() - ${startedAt} > 30000) reject(new Error('not drawn within 30 s: ' + JSON.stringify({ points, first, last })));
      else requestAnimationFrame(check);
    };
    check();
  })`;
}

/**
 * The x of the slider's two handles. ECharts lays the grid (and the slider under it) out around the axis
 * labels, so their place is found as a user finds it: by hovering along the slider until the cursor turns
 * into the handle's resize arrow.
 */
async function sliderHandles(page: Page, box: { x: number; width: number }, y: number): Promise<{ left: number; right: number }> {
  const hits: number[] = [];
  const scan = async (from: number, to: number): Promise<void> => {
    for (let x = from; x <= to; x++) {
      await page.mouse.move(x, y);
      const cursor = await page.evaluate(`document.querySelector(${JSON.stringify(`${CHART} > div`)}).style.cursor`);
      if (cursor === 'ew-resize') hits.push(x);
    }
  };
  await scan(Math.round(box.x), Math.round(box.x + 120));
  await scan(Math.round(box.x + box.width - 120), Math.round(box.x + box.width));
  const middle = box.x + box.width / 2;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const left = hits.filter((x) => x < middle);
  const right = hits.filter((x) => x > middle);
  if (left.length === 0 || right.length === 0) throw new Error(`the slider's handles were not found along y=${y} (hits ${hits.join(', ')})`);
  return { left: mean(left), right: mean(right) };
}

function timeMs(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

const renderer = await buildRenderer();
const server = await serveBenchWorkbench(renderer.dir, {});
const browser = await launchChromium();
try {
  const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 7, backend: 'cpu' });
  const run = await server.workbench.handlers['runs.create']({ name: 'ui-series bench', config, job: { kind: 'search' }, tags: [], notes: '' });
  const fillStart = performance.now();
  for (let from = 0; from < TOTAL; from += 50_000) {
    const n = Math.min(50_000, TOTAL - from);
    server.store.writeBatch({
      metrics: Array.from({ length: n }, (_, i) => {
        const step = from + i;
        return { runId: run.id, series: SERIES, step, value: 2.3 * Math.exp(-step / 200_000) + 0.05 * (1 + Math.sin(step / 37)) };
      }),
    });
  }
  server.store.checkpointWal();
  console.log(`ui-series: ${TOTAL.toLocaleString('en')}-point ${SERIES} written in ${(performance.now() - fillStart).toFixed(0)} ms; ${await machineLoad()}`);

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.getByTestId(`open-${run.id}`).waitFor();
  const openMs = Number(
    await page.evaluate(`(async () => {
      const startedAt = performance.now();
      document.querySelector('[data-testid="open-${run.id}"]').click();
      return ${waitForDrawn('startedAt', 'points > 0')};
    })()`),
  );
  const overview = await drawnNow(page);
  const box = await page.locator(CHART).boundingBox();
  if (box === null) throw new Error('the metric chart has no box on the page');
  const width = Math.round(box.width);

  // Zoom 1: the slider's left handle dragged from 0% to 99% of the track in one move.
  const sliderY = box.y + box.height - SLIDER.bottom - SLIDER.height / 2;
  const handles = await sliderHandles(page, box, sliderY);
  await page.mouse.move(handles.left, sliderY);
  await page.mouse.down();
  await page.evaluate('window.__zoomStart = performance.now()');
  await page.mouse.move(handles.left + 0.99 * (handles.right - handles.left), sliderY, { steps: 1 });
  await page.mouse.up();
  const zoomMs = Number(await page.evaluate(waitForDrawn('window.__zoomStart', `first >= ${Math.floor(0.98 * TOTAL)}`)));
  const zoomed = await drawnNow(page);

  // Zoom 2: the mouse wheel over the chart until fewer steps than pixels are visible.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let wheels = 0;
  for (; wheels < 60; wheels++) {
    await page.evaluate('window.__zoomStart = performance.now()');
    await page.mouse.wheel(0, -1000);
    await page.waitForTimeout(150);
    const now = await drawnNow(page);
    if (now.lastX - now.firstX + 1 <= width / 2) break;
  }
  const rawMs = Number(await page.evaluate(waitForDrawn('window.__zoomStart', `last - first + 1 <= ${Math.floor(width / 2)}`)));
  await page.waitForTimeout(300);
  const raw = await drawnNow(page);
  const rawSteps = raw.lastX - raw.firstX + 1;
  await page.mouse.move(box.x + box.width + 40, box.y);
  await page.screenshot({ path: join(SCREENSHOTS, 'ui-series-zoomed.png') });

  // The same reads in the store, without UI, transport or drawing.
  const store = server.store;
  const wholeMs = timeMs(() => store.metrics.series(run.id, SERIES, { points: width }));
  const zoomReadMs = timeMs(() => store.metrics.series(run.id, SERIES, { points: width, fromStep: zoomed.firstX, toStep: zoomed.lastX }));

  console.log(`\n1440×900 run view, ${SERIES} chart ${width} px wide`);
  printTable([
    ['open → chart drawn', `${openMs.toFixed(0)} ms (store read of the whole series to ${width} points: ${wholeMs.toFixed(0)} ms)`],
    ['points drawn (whole series)', `${overview.points} of ${TOTAL.toLocaleString('en')}, steps ${overview.firstX}…${overview.lastX}`],
    ['slider zoom to the end → drawn', `${zoomMs.toFixed(0)} ms (store read of the range: ${zoomReadMs.toFixed(0)} ms)`],
    ['points drawn (slider zoom)', `${zoomed.points} over steps ${zoomed.firstX}…${zoomed.lastX} ` +
      `(${zoomed.lastX - zoomed.firstX + 1} stored, ${((100 * (zoomed.lastX - zoomed.firstX + 1)) / TOTAL).toFixed(2)}% of the run)`],
    ['wheel zoom → drawn (last wheel)', `${rawMs.toFixed(0)} ms after ${wheels + 1} wheel steps`],
    ['raw resolution', `${raw.points === rawSteps ? 'ok' : 'NO'}: ${raw.points} points drawn for the ${rawSteps} stored steps ${raw.firstX}…${raw.lastX}`],
  ]);
  console.log(`\n${await machineLoad()}; screenshot ${join(SCREENSHOTS, 'ui-series-zoomed.png')}`);
} finally {
  await browser.close();
  await server.close();
  renderer.remove();
}
