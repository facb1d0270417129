/**
 * The multi-objective view in Chromium (issue 13): two tabular NAS-Bench-201 searches under cost
 * objectives (a parameter budget and a MONAS-style weighted reward) stored by `enas search --save`, opened
 * in `enas serve`'s run view. The drawn front must be exactly the non-dominated architectures of the run's
 * samples (checked here by brute force over every pair), every architecture must be drawn, the hypervolume
 * must agree with `enas runs front`, and the CSV export must hold the front. Screenshot at 1440 px:
 * docs/images/nas-bench-201-pareto-front.png.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store';
import { HAS_CHROMIUM, ROOT, serveUntilUrl } from './e2e-support';
import { closeRendererInChromium, openRendererInChromium } from './renderer-in-chromium';
import type { RendererInChromium } from './renderer-in-chromium';

const SHOTS = join(ROOT, 'test-results', 'ui-pareto');

function enas(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`enas ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The arcs no other architecture dominates (≥ accuracy and ≤ params, one strictly), by brute force, cheapest first. */
function bruteForceFront(dbFile: string, runId: number): string[] {
  const store = openStore(dbFile);
  try {
    const best = new Map<string, { arc: string; accuracy: number; params: number }>();
    for (const s of store.samples.costs(runId)) {
      const known = best.get(s.archId);
      if (known === undefined || s.validScore > known.accuracy) best.set(s.archId, { arc: s.arc, accuracy: s.validScore, params: s.params ?? NaN });
    }
    const archs = [...best.values()];
    const dominated = (a: (typeof archs)[number]) =>
      archs.some((b) => b.accuracy >= a.accuracy && b.params <= a.params && (b.accuracy > a.accuracy || b.params < a.params));
    return archs.filter((a) => !dominated(a)).sort((a, b) => a.params - b.params).map((a) => a.arc);
  } finally {
    store.close();
  }
}

/** The fewest parameters among the run's samples. */
function cheapest(dbFile: string, runId: number): number {
  const store = openStore(dbFile);
  try {
    return Math.min(...store.samples.costs(runId).map((s) => s.params ?? Infinity));
  } finally {
    store.close();
  }
}

describe.skipIf(!HAS_CHROMIUM)('the Pareto front of a multi-objective NAS-Bench-201 run in Chromium', () => {
  let opened: RendererInChromium | undefined;
  let dir: string;
  beforeAll(async () => {
    opened = await openRendererInChromium('enas-ui-pareto-', SHOTS);
    dir = mkdtempSync(join(tmpdir(), 'enas-pareto-'));
  }, 180_000);
  afterAll(async () => {
    await closeRendererInChromium(opened);
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the non-dominated architectures of the run, its hypervolume, and exports the front', async () => {
    const dbFile = join(dir, 'workbench.db');
    const table = ['search', '--space', 'nb201', '--evaluator', 'table', '--dataset', 'nb201-cifar10', '--strategy', 'parsec', '--samples', '300', '--save', '--db', dbFile];
    enas([...table, '--objective', 'budget', '--cost', 'params', '--budget', '0.6M']);
    enas([...table, '--objective', 'weighted', '--cost', 'params', '--beta', '0.05']);
    const cli = JSON.parse(enas(['runs', 'front', '1', '--db', dbFile])) as { hypervolume: number; front: { arc: string }[] };
    const expected = bruteForceFront(dbFile, 1);
    expect(cli.front.map((p) => p.arc)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(3);

    process.env.ENAS_RENDERER_DIR = opened!.rendererDir;
    const served = await serveUntilUrl(process.execPath, [join(ROOT, 'bin', 'enas.mjs'), 'serve', '--port', '0', '--db', dbFile]);
    const page = await opened!.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    try {
      await page.goto(`${served.url}#/run/1`);
      const front = page.getByTestId('pareto-front');
      await expect.poll(() => front.getAttribute('data-front-size'), { timeout: 30_000 }).toBe(String(expected.length));
      expect((await front.getAttribute('data-front-arcs'))?.split('|')).toEqual(expected);
      expect(Number(await front.getAttribute('data-hypervolume'))).toBeCloseTo(cli.hypervolume, 12);
      // Every architecture is drawn: the dimmed ones and the front.
      const architectures = Number(await front.getAttribute('data-architectures'));
      await expect.poll(() => page.getByTestId('front-chart').locator('[data-drawn-points]').getAttribute('data-drawn-points')).toBe(String(architectures));
      expect(await front.innerText()).toMatch(new RegExp(`front ${expected.length} of ${architectures} architectures · hypervolume ${cli.hypervolume.toFixed(4)}`));

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('front-csv').click()]);
      const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
      expect(csv[0]).toBe('arch_id,arc,accuracy,params,flops,latency_ms,first_seq,samples');
      expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(expected);

      // The sample history shows each sample's cost and sorts by it: cheapest first.
      await page.getByTestId('history').scrollIntoViewIfNeeded();
      await page.locator('.history .row.head button', { hasText: /^params/ }).click();
      await expect.poll(() => page.getByTestId('history-row').first().innerText()).toContain(String(cheapest(dbFile, 1)));

      await front.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await front.screenshot({ path: join(ROOT, 'docs', 'images', 'nas-bench-201-pareto-front.png') });
      // The tables hold no latency: against latency the view says so instead of drawing an empty chart.
      await page.getByTestId('front-cost').selectOption('latency');
      await expect.poll(() => front.innerText(), { timeout: 30_000 }).toMatch(/no scored sample of this run has a measured latency/);
      await page.getByTestId('front-cost').selectOption('params');
      await page.screenshot({ path: join(SHOTS, 'run-view-1440.png'), fullPage: true });

      // The weighted run opens too, with a front of its own.
      await page.goto(`${served.url}#/run/2`);
      await expect.poll(() => page.getByTestId('pareto-front').getAttribute('data-front-size'), { timeout: 30_000 }).toBe(String(bruteForceFront(dbFile, 2).length));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await served.stop();
    }
  }, 240_000);
});
