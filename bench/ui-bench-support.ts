/**
 * What the UI benchmarks share: the renderer built fresh (vite, as test/e2e/ui-workbench.test.ts builds it)
 * into a temp folder, a workbench on a fresh database served in this process by the real browser-mode
 * server (HTTP + the WebSocket API, the path a browser uses), Debian's Chromium through playwright-core,
 * and a frame probe that runs in the page: a requestAnimationFrame loop recording every frame interval and
 * a PerformanceObserver collecting long tasks (main-thread work over 50 ms).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { z } from 'zod';
import { nodeLauncher } from '../src/host/node-launcher';
import { createWorkbench } from '../src/host/workbench';
import type { Workbench } from '../src/host/workbench';
import { createAccessToken } from '../src/server/access-token';
import { startWorkbenchServer } from '../src/server/workbench-server';
import { openStore } from '../src/store/store';
import type { Store } from '../src/store/store';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from '../test/e2e/e2e-support';

export const SCREENSHOTS = join(ROOT, 'test-results', 'ui-bench');

/**
 * The renderer built into a fresh temp folder, removed by the returned cleanup; or, when ENAS_RENDERER_DIR
 * names a built one (as for `enas serve`), that one, e.g. a build of an earlier revision to compare with.
 */
export async function buildRenderer(): Promise<{ dir: string; remove(): void }> {
  const prebuilt = process.env.ENAS_RENDERER_DIR;
  if (prebuilt !== undefined && prebuilt !== '') return { dir: prebuilt, remove: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'enas-ui-bench-'));
  await build({
    root: join(ROOT, 'src', 'renderer'),
    base: './',
    plugins: [vue()],
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** bench/ui-synthetic-trainer.ts bundled into one .mjs (a plain Node start, no tsx loader per launch). */
async function bundleTrainer(dir: string): Promise<string> {
  const { build: esbuild } = await import('esbuild');
  const outfile = join(dir, 'ui-synthetic-trainer.mjs');
  await esbuild({
    entryPoints: [join(ROOT, 'bench', 'ui-synthetic-trainer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export interface BenchServer {
  url: string;
  store: Store;
  workbench: Workbench;
  close(): Promise<void>;
}

/**
 * A workbench on a fresh database with one registered image dataset (`tiny`, never read: the synthetic
 * trainer makes its events up), whose trainer is the synthetic one with `trainerSettings`, served on a
 * free loopback port.
 */
export async function serveBenchWorkbench(rendererDir: string, trainerSettings: Record<string, unknown>): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'enas-ui-bench-db-'));
  const store = openStore(join(dir, 'workbench.db'));
  store.datasets.create({
    name: 'tiny',
    kind: 'image',
    format: 'idx',
    path: 'datasets/tiny',
    summary: { counts: { train: 100, valid: 20 }, shapes: { image: [8, 8, 1], label: [] }, classes: ['a', 'b'] },
  });
  const log = { log: (level: string, message: string) => (level === 'error' ? console.error(`host: ${message}`) : undefined) };
  const workbench = await createWorkbench({
    store,
    launcher: nodeLauncher,
    trainer: { entry: await bundleTrainer(dir), env: { UI_BENCH_TRAINER: JSON.stringify(trainerSettings) } },
    paths: { dataDir: dir, checkpointDir: join(dir, 'checkpoints') },
    log,
  });
  const server = await startWorkbenchServer({
    workbench,
    rendererDir,
    exportsDir: join(dir, 'exports'),
    token: createAccessToken(),
    port: 0,
    log,
  });
  return {
    url: server.url,
    store,
    workbench,
    async close() {
      await server.close();
      await workbench.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Page source (this file compiles without the DOM library): every animation frame's interval and every
 * long task while `window.__uiBench.recording` is true.
 */
const FRAME_PROBE = `(() => {
  const bench = { recording: false, frames: [], longTasks: [] };
  window.__uiBench = bench;
  let last = 0;
  const tick = (now) => {
    if (bench.recording && last > 0) bench.frames.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => {
    if (bench.recording) for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
})();`;

export async function installFrameProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: FRAME_PROBE });
}

export async function startRecording(page: Page): Promise<void> {
  await page.evaluate('(() => { window.__uiBench.frames = []; window.__uiBench.longTasks = []; window.__uiBench.recording = true; })()');
}

const recordingSchema = z.object({ frames: z.array(z.number()), longTasks: z.array(z.number()) });

export interface FrameStats {
  seconds: number;
  frames: number;
  /** Frame intervals over 50 ms: a visible stutter. */
  longFrames: number;
  /** Frames a 60 Hz display would have shown but did not get (intervals beyond one 16.7 ms period). */
  droppedFrames: number;
  p50: number;
  p95: number;
  max: number;
  longTasks: number;
  longTaskMs: number;
  longTaskMax: number;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export async function stopRecording(page: Page): Promise<FrameStats> {
  const raw = recordingSchema.parse(
    await page.evaluate('(() => { window.__uiBench.recording = false; return { frames: window.__uiBench.frames, longTasks: window.__uiBench.longTasks }; })()'),
  );
  const sorted = [...raw.frames].sort((a, b) => a - b);
  const period = 1000 / 60;
  return {
    seconds: raw.frames.reduce((sum, f) => sum + f, 0) / 1000,
    frames: raw.frames.length,
    longFrames: raw.frames.filter((f) => f > 50).length,
    droppedFrames: raw.frames.reduce((sum, f) => sum + Math.max(0, Math.round(f / period) - 1), 0),
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    longTasks: raw.longTasks.length,
    longTaskMs: raw.longTasks.reduce((sum, t) => sum + t, 0),
    longTaskMax: Math.max(0, ...raw.longTasks),
  };
}

/** A data-* attribute of the element with `testId` as a number (NaN when absent). */
export async function numberAttribute(page: Page, testId: string, name: string): Promise<number> {
  const value = await page.getByTestId(testId).first().getAttribute(name);
  return value === null ? Number.NaN : Number(value);
}

/** `uptime`'s load averages, printed with every figure (other work shares this machine's cores). */
export async function machineLoad(): Promise<string> {
  const { loadavg, cpus } = await import('node:os');
  return `load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`;
}

export function printTable(rows: readonly [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}
