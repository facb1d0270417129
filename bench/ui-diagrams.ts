/**
 * Do the run view's cell diagrams fit their panel? (issue 6: at 1440×900 the micro reduction cell was cut
 * off.) Runs of each space (micro with the quick preset's 5 nodes, macro with 12 and 24 layers, rnn with
 * 12 nodes) get a few samples from the synthetic trainer; each run view is opened at 1280, 1440 and 1920 px
 * wide in the light and the dark theme, a sample is selected, and the table says how its diagram was
 * arranged (side by side or stacked), at what scale, and whether it fits the panel's width or scrolls.
 * Every view is saved as a screenshot to look at.
 *
 *   npx tsx bench/ui-diagrams.ts
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { RunConfig } from '../src/shared/config/run';
import { resolvePreset } from '../src/shared/config/presets';
import { SCREENSHOTS, buildRenderer, launchChromium, printTable, serveBenchWorkbench } from './ui-bench-support';

const WIDTHS = [1280, 1440, 1920];
const THEMES = ['light', 'dark'] as const;

function config(space: 'micro' | 'macro' | 'rnn', size: number): RunConfig {
  const resolved = resolvePreset({ preset: 'quick', space, strategy: 'enas', dataset: 'tiny', seed: 7, backend: 'cpu' });
  const spaceConfig = resolved.space.space === 'macro' ? { ...resolved.space, numLayers: size } : { ...resolved.space, numNodes: size };
  return { ...resolved, space: spaceConfig };
}

const CASES = [
  { name: 'micro-5', config: config('micro', 5) },
  { name: 'macro-12', config: config('macro', 12) },
  { name: 'macro-24', config: config('macro', 24) },
  { name: 'rnn-12', config: config('rnn', 12) },
];

const fitSchema = z.object({ panel: z.number(), drawn: z.number(), scroll: z.number(), stacked: z.string(), scale: z.string() });

const renderer = await buildRenderer();
const server = await serveBenchWorkbench(renderer.dir, { rate: 50, seconds: 0.5 });
const browser = await launchChromium();
try {
  const runs: { name: string; id: number }[] = [];
  for (const c of CASES) {
    const run = await server.workbench.handlers['runs.create']({ name: c.name, config: c.config, job: { kind: 'search' }, tags: [], notes: '' });
    await server.workbench.handlers['runs.start']({ runId: run.id });
    await server.workbench.idle(run.id);
    runs.push({ name: c.name, id: run.id });
  }
  const rows: [string, string][] = [];
  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
      await page.goto(server.url);
      for (const run of runs) {
        await page.getByTestId('nav-runs').click();
        await page.getByTestId(`open-${run.id}`).click();
        await page.getByTestId('history-row').first().locator('.cell').first().waitFor();
        await page.getByTestId('history-row').first().click();
        await page.getByTestId('cell-diagram').locator('svg').waitFor();
        await page.waitForTimeout(200);
        const fit = fitSchema.parse(
          await page.evaluate(`(() => {
            const scroll = document.querySelector('[data-testid="cell-diagram"] .scroll');
            return {
              panel: scroll.clientWidth,
              drawn: scroll.querySelector('svg').getBoundingClientRect().width,
              scroll: scroll.scrollWidth,
              stacked: scroll.dataset.stacked,
              scale: scroll.dataset.scale,
            };
          })()`),
        );
        const file = `diagram-${run.name}-${width}-${theme}.png`;
        await page.getByTestId('cell-diagram').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SCREENSHOTS, file) });
        const verdict = fit.scroll <= fit.panel ? 'fits' : `scrolls (${Math.round(fit.scroll - fit.panel)} px more)`;
        rows.push([`${run.name} ${width} ${theme}`, `${verdict}: panel ${fit.panel} px, drawing ${Math.round(fit.drawn)} px, ` +
          `${run.name.startsWith('micro') ? (fit.stacked === 'true' ? 'cells stacked, ' : 'cells side by side, ') : ''}scale ${fit.scale}; ${file}`]);
      }
      await page.close();
    }
  }
  console.log(`diagrams in the run view (screenshots in ${SCREENSHOTS})`);
  printTable(rows);
} finally {
  await browser.close();
  await server.close();
  renderer.remove();
}
