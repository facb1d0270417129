/**
 * The built renderer and a Chromium to open it in, for the e2e tests that drive the UI against `enas serve`:
 * the renderer is built from the sources into a fresh folder (served through ENAS_RENDERER_DIR), so a test
 * sees the UI of the checkout it runs in, not a stale out/ build.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from './e2e-support';

export interface RendererInChromium {
  readonly browser: Browser;
  readonly rendererDir: string;
}

/** Builds the renderer into a temporary folder and launches Chromium; `shots` is created for screenshots. */
export async function openRendererInChromium(prefix: string, shots: string): Promise<RendererInChromium> {
  mkdirSync(shots, { recursive: true });
  const rendererDir = mkdtempSync(join(tmpdir(), prefix));
  await build({
    root: join(ROOT, 'src', 'renderer'),
    base: './',
    plugins: [vue()],
    logLevel: 'error',
    build: { outDir: rendererDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { browser, rendererDir };
}

export async function closeRendererInChromium(opened: Partial<RendererInChromium> | undefined): Promise<void> {
  await opened?.browser?.close();
  if (opened?.rendererDir !== undefined) rmSync(opened.rendererDir, { recursive: true, force: true });
}
