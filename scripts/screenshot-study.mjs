/**
 * Screenshots of a finished study for the README, taken from a running `enas serve` in Debian's Chromium:
 *   node scripts/screenshot-study.mjs 'http://127.0.0.1:PORT/?token=…' STUDY_ID RUN_IDS docs/images
 * RUN_IDS are the study's search runs to overlay in Compare (e.g. the enas and random-ws searches, comma-separated).
 * Saves studies.png (1440 px) and studies-1024.png, then compare.png: the per-sample reward of those runs,
 * smoothed at 0.9 and grouped by strategy with mean ± std bands.
 */
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const [url, studyId, runIds, outDir] = process.argv.slice(2);
if (!url || !studyId || !runIds || !outDir) {
  console.error('usage: node scripts/screenshot-study.mjs URL STUDY_ID RUN_IDS OUT_DIR');
  process.exit(2);
}
const base = url.split('#')[0];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const [width, name] of [[1440, 'studies.png'], [1024, 'studies-1024.png']]) {
    const page = await browser.newPage({ viewport: { width, height: 1000 }, colorScheme: 'light' });
    await page.goto(`${base}#/study/${studyId}`);
    await page.getByTestId('study-row').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('study-rewards-chart').waitFor();
    await page.waitForTimeout(2000);
    await page.screenshot({ path: join(outDir, name), fullPage: true });
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
  await page.goto(`${base}#/compare/${runIds}`);
  await page.getByTestId('compare-chart').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2000);
  await page.getByTestId('compare-smoothing').fill('0.9');
  await page.getByTestId('compare-grouping').selectOption('strategy');
  await page.waitForTimeout(2000);
  await page.screenshot({ path: join(outDir, 'compare.png') });
} finally {
  await browser.close();
}
