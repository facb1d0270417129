/**
 * Screenshots of the workbench UI for the README, taken from a running `enas serve` in Debian's Chromium:
 *   node scripts/screenshot-ui.mjs 'http://127.0.0.1:PORT/?token=…' RUN_ID docs/images
 * It opens the run list, then the run view of RUN_ID, selects its best-scoring sampled architecture so its
 * cell diagram is drawn, and saves runs.png and run-view.png.
 */
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const [url, runId, outDir] = process.argv.slice(2);
if (!url || !runId || !outDir) {
  console.error('usage: node scripts/screenshot-ui.mjs URL RUN_ID OUT_DIR');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
  await page.goto(url);
  await page.getByTestId('run-row').first().waitFor();
  await page.screenshot({ path: join(outDir, 'runs.png') });
  await page.getByTestId(`open-${runId}`).click();
  await page.getByTestId('history-row').first().waitFor();
  await page.waitForTimeout(1500);
  await page.getByTestId('history-row').nth(3).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(outDir, 'run-view.png'), fullPage: true });
} finally {
  await browser.close();
}
