/**
 * The run view under a live search (issue 6: 50 events/s without dropping frames). A synthetic trainer
 * (ui-synthetic-trainer.ts) streams `rate` events/s for `seconds` through the real host (persisted, then
 * pushed) and the browser-mode server's WebSocket into the run view in Debian's Chromium at 1440×900, with
 * a sample selected so its cell diagram is drawn too. The page measures every animation frame and long
 * task while the run streams; at the end every chart must hold what was sent: one reward point per
 * sample, the history's total, and each metric chart's last step.
 *
 * With --prefill N the run has already sent N samples (at full speed, before the measured part), so the
 * charts carry a long run's worth of points while the stream is measured.
 *
 *   npx tsx bench/ui-live.ts [--rate 50] [--seconds 30] [--prefill 0]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { resolvePreset } from '../src/shared/config/presets';
import {
  SCREENSHOTS,
  buildRenderer,
  installFrameProbe,
  launchChromium,
  machineLoad,
  printTable,
  serveBenchWorkbench,
  startRecording,
  stopRecording,
} from './ui-bench-support';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '30' }, prefill: { type: 'string', default: '0' } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const prefill = Number(values.prefill);
const steps = prefill + Math.floor((rate * seconds) / 2);
/** The reward chart keeps the newest 5000 samples, trimming once it holds 6000 (live-run-store.ts). */
const rewardHeld = steps <= 6000 ? steps : 5000;
const METRIC_CHARTS = ['controller/entropy', 'child/loss', 'child/accuracy', 'child/lr'];

async function drawn(page: Page, chartTestId: string): Promise<{ points: number; lastX: number }> {
  const chart = page.locator(`[data-testid="${chartTestId}"] .base-chart`).first();
  return {
    points: Number((await chart.getAttribute('data-drawn-points')) ?? 'NaN'),
    lastX: Number((await chart.getAttribute('data-drawn-last-x')) || 'NaN'),
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const renderer = await buildRenderer();
const server = await serveBenchWorkbench(renderer.dir, { rate, seconds, prefill });
const browser = await launchChromium();
try {
  const config = resolvePreset({ preset: 'quick', space: 'micro', strategy: 'enas', dataset: 'tiny', seed: 7, backend: 'cpu' });
  const run = await server.workbench.handlers['runs.create']({ name: 'ui-live bench', config, job: { kind: 'search' }, tags: [], notes: '' });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await installFrameProbe(page);
  await page.goto(server.url);
  await page.getByTestId(`open-${run.id}`).click();
  await page.getByTestId('run-view').waitFor();
  await page.waitForTimeout(500);

  console.log(`ui-live: ${rate} events/s (${rate / 2} samples/s + ${rate / 2} step-metrics/s) for ${seconds} s after ${prefill} prefilled, ` +
    `${steps} steps; ${await machineLoad()}`);
  await server.workbench.handlers['runs.start']({ runId: run.id });
  if (prefill > 0) await waitUntil(async () => (await drawn(page, 'reward-chart')).points >= 3 * Math.min(prefill, 5000), 60_000);
  await startRecording(page);
  const started = performance.now();
  // A user watching: after a few seconds they pick a sample and its cells are drawn while the run goes on.
  await page.getByTestId('history-row').first().locator('.cell').first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(2000);
  await page.getByTestId('history-row').first().click();
  await page.getByTestId('cell-diagram').locator('svg').waitFor();
  await waitUntil(async () => server.store.runs.get(run.id)?.status !== 'running', (seconds + 60) * 1000);
  const streamed = (performance.now() - started) / 1000;
  // The view catches up within a few frames of the last event; the history re-reads once a second.
  const complete = await waitUntil(async () => {
    const reward = await drawn(page, 'reward-chart');
    const history = Number(await page.getByTestId('history-total').innerText());
    const lasts = await Promise.all(METRIC_CHARTS.map(async (name) => (await drawn(page, `chart-${name}`)).lastX));
    return reward.points >= 3 * rewardHeld && history >= steps && lasts.every((x) => x >= steps - 1);
  }, 5000);
  const stats = await stopRecording(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'ui-live-run-view.png') });

  const reward = await drawn(page, 'reward-chart');
  const historyTotal = Number(await page.getByTestId('history-total').innerText());
  const metrics = await Promise.all(METRIC_CHARTS.map(async (name) => [name, await drawn(page, `chart-${name}`)] as const));
  const stored = server.store.runs.get(run.id);

  console.log(`\nframes while streaming (${stats.seconds.toFixed(1)} s recorded, run took ${streamed.toFixed(1)} s, status ${stored?.status ?? '?'})`);
  printTable([
    ['frames rendered', `${stats.frames} (${(stats.frames / stats.seconds).toFixed(1)} fps)`],
    ['frames over 50 ms', String(stats.longFrames)],
    ['dropped frames (vs 60 Hz)', `${stats.droppedFrames} (${((100 * stats.droppedFrames) / (stats.frames + stats.droppedFrames)).toFixed(1)}%)`],
    ['frame time p50 / p95 / max', `${stats.p50.toFixed(1)} / ${stats.p95.toFixed(1)} / ${stats.max.toFixed(1)} ms`],
    ['long tasks (> 50 ms)', `${stats.longTasks}, ${stats.longTaskMs.toFixed(0)} ms in all, longest ${stats.longTaskMax.toFixed(0)} ms`],
  ]);
  console.log('\nevents that reached the view');
  const rows: [string, string][] = [
    ['reward chart points', `${reward.points / 3 === rewardHeld ? 'ok' : 'MISSING'}: ${reward.points / 3} of ${rewardHeld} samples held (×3 series)`],
    ['history total', `${historyTotal === steps ? 'ok' : 'MISSING'}: ${historyTotal} of ${steps}`],
  ];
  for (const [name, chart] of metrics) {
    // More points than steps sent would be a step drawn twice.
    const ok = chart.lastX === steps - 1 && chart.points <= steps;
    rows.push([`${name} last step`, `${ok ? 'ok' : 'WRONG'}: ${chart.lastX} (sent up to ${steps - 1}), ${chart.points} points drawn`]);
  }
  printTable(rows);
  if (!complete) console.log('  the view did not show every event within 5 s of the end');
  if (errors.length > 0) console.log(`page errors: ${errors.join('; ')}`);
  console.log(`\n${await machineLoad()}; screenshot ${join(SCREENSHOTS, 'ui-live-run-view.png')}`);
} finally {
  await browser.close();
  await server.close();
  renderer.remove();
}
