/**
 * The Studies view of a study on a real single-node Slurm (test/fixtures/slurm-cluster.ts), in Debian's
 * Chromium against `enas serve`: a tiny study of 2 strategies × 2 seeds is submitted with `enas study --on
 * slurm --no-wait`; the view lists its 4 array tasks, "Check Slurm now" shows them running and pending, the
 * Cancel button of a pending task scancels it (it shows cancelled, "CANCELLED" in Slurm's words), and a
 * finished task is merged (collected) with its runs counted in the study. Screenshot:
 * test-results/ui/studies-slurm.png. Skipped with the reason without Chromium or the Slurm packages.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledTrainerEntry, removeBundles } from '../fixtures/bundled-entry';
import { slurmUnavailable, startSlurmCluster } from '../fixtures/slurm-cluster';
import type { SlurmCluster } from '../fixtures/slurm-cluster';
import { prepareStudyCli } from '../fixtures/study-cli-setup';
import { CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM, ROOT, bridgeTo, serveUntilUrl } from './e2e-support';

const SHOTS = join(ROOT, 'test-results', 'ui');
const unavailable = HAS_CHROMIUM ? slurmUnavailable() : `${CHROMIUM} is absent`;
if (unavailable !== null) console.warn(`ui-slurm test skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('the Studies view of a study on Slurm, in Chromium', () => {
  let browser: Browser;
  let rendererDir: string;
  let cluster: SlurmCluster;
  const saved = { SLURM_CONF: process.env.SLURM_CONF, ENAS_TRAINER_ENTRY: process.env.ENAS_TRAINER_ENTRY };
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
    cluster = await startSlurmCluster();
    // `enas serve` (started with process.env) and the tasks it submits find the cluster and the fast trainer.
    process.env.SLURM_CONF = cluster.env.SLURM_CONF;
    process.env.ENAS_TRAINER_ENTRY = await bundledTrainerEntry();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    spawnSync('scancel', ['-n', 'enas-study-1'], { env: process.env });
    await cluster?.stop();
    rmSync(rendererDir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    removeBundles();
  });

  it('shows the array tasks with their Slurm states, cancels one, and merges a finished one', async () => {
    process.env.ENAS_RENDERER_DIR = rendererDir;
    const db = prepareStudyCli({ backend: 'wasm' });
    const submitted = spawnSync(
      process.execPath,
      [
        '--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'study', '--config', db.configFile, '--strategies', 'enas,random-ws', '--seeds', '2',
        '--set', 'search.childStepsPerEpoch=4', '--set', 'search.healthChildren=0', '--name', 'tiny on slurm',
        '--db', db.dbFile, '--on', 'slurm', '--partition', 'debug', '--time', '00:30:00', '--workdir', join(db.dir, 'cluster'),
        '--cluster-enas', join(ROOT, 'bin', 'enas.mjs'), '--no-wait',
      ],
      { cwd: ROOT, env: process.env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(submitted.status, submitted.stderr).toBe(0);
    // Hold task 3 in the queue (Slurm's own scontrol hold), so the view can be shown cancelling a pending task
    // however fast the other tasks run on a loaded machine.
    const jobId = /array job ([0-9]+)/.exec(submitted.stderr)?.[1];
    expect(jobId, submitted.stderr).toBeDefined();
    const held = spawnSync('scontrol', ['hold', `${jobId}_3`], { env: process.env, encoding: 'utf8' });
    expect(held.status, held.stderr).toBe(0);
    const served = await serveUntilUrl(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'serve', '--port', '0', '--db', db.dbFile]);
    const remote = bridgeTo(served.url);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    try {
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(served.url);
      await page.keyboard.press('6');
      await page.getByTestId('study-slurm').waitFor();
      const states = () => page.getByTestId('slurm-task-state').allInnerTexts();
      /** Asks Slurm through the API (as the view's own poll does); its study-updated event refreshes the page. */
      const checked = async () => {
        await remote.bridge.call('studies.slurmRefresh', { studyId: 1 });
        await page.waitForTimeout(700);
        return states();
      };
      expect(await page.getByTestId('slurm-task').count()).toBe(4);
      expect(await page.getByTestId('study-slurm').innerText()).toMatch(/partition debug · no GPU · time 00:30:00/);

      // Two tasks run at once on the node's 2 CPUs; the others wait, and task 3 is held.
      await page.getByTestId('slurm-check').click();
      await expect.poll(async () => (await checked()).some((state) => state === 'running' || state === 'collected'), { timeout: 60_000, interval: 1000 }).toBe(true);
      expect((await states())[3]).toBe('pending');
      await page.getByTestId('slurm-cancel').nth(3).click();
      await expect.poll(async () => (await states())[3], { timeout: 30_000 }).toBe('cancelled');
      expect(await page.getByTestId('slurm-task').nth(3).innerText()).toMatch(/CANCELLED/);

      // A finished task is merged into the workbench's store; its two runs count in the study.
      await expect
        .poll(
          async () => {
            await remote.bridge.call('studies.slurmRefresh', { studyId: 1 });
            return (await remote.bridge.call('studies.get', { studyId: 1 })).study.completedRuns;
          },
          { timeout: 400_000, interval: 3000 },
        )
        .toBeGreaterThanOrEqual(2);
      await page.getByTestId('slurm-check').click();
      await expect.poll(async () => (await states()).filter((s) => s === 'collected').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, 'studies-slurm.png'), fullPage: true });

      // Cancel all: nothing is left queued or running.
      await page.getByTestId('slurm-cancel-all').click();
      await expect.poll(async () => (await checked()).filter((s) => s === 'running' || s === 'pending').length, { timeout: 60_000, interval: 1000 }).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      remote.close();
      await served.stop();
      delete process.env.ENAS_RENDERER_DIR;
      rmSync(db.dir, { recursive: true, force: true });
    }
  }, 600_000);
});
