/**
 * Dataset import from the browser's drop zone, end to end in Debian's Chromium against `enas serve`:
 * drops synthesised in the page (a DataTransfer of Files made from bytes generated here: a gzip'd IDX pair;
 * a folder of class folders of PNGs, handed over as File and Directory entries; a malformed CIFAR file) are
 * uploaded, imported, listed with exact counts and previewed; the refused file is shown as
 * `{ file, code, message }`; progress is shown while it runs; and the server's upload and staging folders
 * are empty afterwards. Screenshots go to test-results/e2e/.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultValidationSize } from '../../src/core/data/validation-split';
import { createPrng } from '../../src/core/random/prng';
import { idxImagesFile, idxLabelsFile, pngFile } from '../fixtures/datasets/generators';
import { NAMES } from '../fixtures/datasets/idx-folders';
import { SCREENSHOTS, serveFromSources, useBuiltUiInChromium, HAS_CHROMIUM } from './e2e-support';
import type { Served } from './e2e-support';


/** The page's globals these helpers use (the tests compile without the DOM library). */
interface PageGlobals {
  DataTransfer: new () => { items: { add(file: File): unknown } };
  DragEvent: new (type: string, init: { dataTransfer?: unknown; bubbles: boolean; cancelable: boolean }) => object;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
  document: { body: unknown; querySelectorAll(selector: string): Iterable<{ textContent: string | null }> };
  progressSeen: string[];
}

/** A file to drop: its path relative to the drop and its bytes (as numbers, to cross into the page). */
interface DropFile {
  path: string;
  bytes: number[];
}

/** Drop plain files (a real DataTransfer holding Files) on the drop zone. */
async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  await page.getByTestId('drop-zone').evaluate((zone, list) => {
    const g = globalThis as unknown as PageGlobals;
    const data = new g.DataTransfer();
    for (const f of list) data.items.add(new File([new Uint8Array(f.bytes)], f.path));
    zone.dispatchEvent(new g.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }) as never);
  }, files);
}

/**
 * Drop one folder. A script cannot put a directory into a DataTransfer, so the drop carries entries that
 * behave as Chromium's FileSystemDirectoryEntry / FileSystemFileEntry do (readEntries in batches, then []).
 */
async function dropFolder(page: Page, folder: string, files: DropFile[]): Promise<void> {
  await page.getByTestId('drop-zone').evaluate(
    (zone, { folder: rootName, list }) => {
      type Node = { name: string; isFile: boolean; isDirectory: boolean; file?: (ok: (f: File) => void) => void; createReader?: () => unknown };
      const dirOf = (name: string, children: Node[]): Node => ({
        name,
        isFile: false,
        isDirectory: true,
        createReader() {
          let given = false;
          return {
            readEntries(ok: (entries: Node[]) => void) {
              const batch = given ? [] : children;
              given = true;
              setTimeout(() => ok(batch), 0);
            },
          };
        },
      });
      const tree = new Map<string, Node[]>();
      for (const f of list) {
        const [cls = '', fileName = ''] = f.path.split('/');
        const file = new File([new Uint8Array(f.bytes)], fileName);
        const children = tree.get(cls) ?? [];
        children.push({ name: fileName, isFile: true, isDirectory: false, file: (ok) => ok(file) });
        tree.set(cls, children);
      }
      const root = dirOf(rootName, [...tree].map(([cls, children]) => dirOf(cls, children)));
      const event = new (globalThis as unknown as PageGlobals).DragEvent('drop', { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', {
        value: { items: [{ kind: 'file', webkitGetAsEntry: () => root }], files: [] },
      });
      zone.dispatchEvent(event as never);
    },
    { folder, list: files },
  );
}

/** Starts recording, in the page, whether a progress bar ever appeared. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.progressSeen = [];
    new g.MutationObserver(() => {
      for (const el of g.document.querySelectorAll('[data-testid="import-progress"]')) g.progressSeen.push(el.textContent ?? '');
    }).observe(g.document.body, { childList: true, subtree: true, characterData: true });
  });
}

const progressSeen = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as PageGlobals).progressSeen);

/** Every file under `root`, relative. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true }).map(String);
}

describe.skipIf(!HAS_CHROMIUM)('dataset import from the drop zone in Chromium', () => {
  const browser = useBuiltUiInChromium();

  it('uploads and imports dropped IDX files and a folder of images, shows progress, counts and previews, and a refused file', async () => {
    const served: Served = await serveFromSources();
    try {
      const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      await page.goto(served.url);
      await page.getByTestId('nav-datasets').click();
      await page.getByTestId('dataset-row').first().waitFor();
      const before = await page.getByTestId('dataset-row').count();
      await watchProgress(page);

      // A gzip'd IDX pair, dropped together: 3000 images of 28×28 (≈ 2.4 MB), labels 0…9.
      const prng = createPrng(7);
      const count = 3000;
      await page.getByTestId('drop-name').fill('dropped digits');
      await dropFiles(page, [
        { path: `${NAMES.trainImages}.gz`, bytes: [...gzipSync(idxImagesFile(prng, count))] },
        { path: `${NAMES.trainLabels}.gz`, bytes: [...gzipSync(idxLabelsFile(prng, count))] },
      ]);
      await page.getByTestId('drop-message').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('drop-message').innerText()).toBe('Imported "dropped digits" (image, idx).');
      const valid = defaultValidationSize(count);
      const row = page.getByTestId('dataset-row').filter({ hasText: 'dropped digits' });
      await row.waitFor();
      expect(await row.innerText()).toContain(`train ${(count - valid).toLocaleString('en-US')} · valid ${valid.toLocaleString('en-US')}`);
      expect(await page.getByTestId('dataset-row').count()).toBe(before + 1);
      const seen = await progressSeen(page);
      expect(seen.some((text) => /Uploading.*\d+% · [\d.]+ of [\d.]+ MB/s.test(text))).toBe(true);
      // The preview of the new dataset: 4 images of each of the 10 classes, and the per-class counts.
      await page.getByTestId('preview-image').first().waitFor();
      expect(await page.getByTestId('preview-image').count()).toBe(40);
      expect(await page.getByTestId('class-count-row').count()).toBe(10);
      await page.screenshot({ path: join(SCREENSHOTS, 'datasets-idx-imported.png'), fullPage: true });

      // A folder of class folders of PNGs: 2 classes × 10 images of 12×12.
      const pngs: DropFile[] = [];
      for (const [cls, rgb] of [['red', [220, 30, 30]], ['blue', [30, 30, 220]]] as const) {
        for (let i = 0; i < 10; i++) pngs.push({ path: `${cls}/${i}.png`, bytes: [...pngFile(12, 12, [rgb[0], rgb[1] + i * 10, rgb[2]])] });
      }
      await page.getByTestId('drop-name').fill('');
      await dropFolder(page, 'shapes', pngs);
      await page.locator('[data-testid="drop-message"], [data-testid="drop-error"]').first().waitFor({ timeout: 10_000 }).catch((err: unknown) => {
        throw new Error(`${String(err)}\npage errors: ${pageErrors.join('\n')}`);
      });
      // 12×12 images, the default size 32: said in the message and on the dataset's row.
      expect(await page.getByTestId('drop-zone').innerText()).toContain('Imported "shapes" (image, image-folder). 20 images resized from 12×12 to 32×32.');
      const shapes = page.getByTestId('dataset-row').filter({ hasText: 'shapes' });
      await shapes.waitFor();
      const folderValid = defaultValidationSize(20);
      expect(await shapes.innerText()).toContain(`train ${20 - folderValid} · valid ${folderValid}`);
      expect(await shapes.innerText()).toContain('2: blue, red');
      expect(await shapes.getByTestId('dataset-resized').innerText()).toBe('resized from 12×12');
      expect(await page.getByTestId('dataset-row').filter({ hasText: 'dropped digits' }).getByTestId('dataset-resized').count()).toBe(0);
      await page.getByTestId('preview-image').first().waitFor();
      expect(await page.getByTestId('preview-image').count()).toBe(8);
      expect(await page.getByTestId('preview-images').innerText()).toMatch(/blue[\s\S]*red/);
      await page.screenshot({ path: join(SCREENSHOTS, 'datasets-folder-imported.png'), fullPage: true });

      // A malformed file: 100 bytes named like a CIFAR batch.
      const rows = await page.getByTestId('dataset-row').count();
      await dropFiles(page, [{ path: 'broken_batch.bin', bytes: Array.from({ length: 100 }, (_, i) => i) }]);
      await page.getByTestId('drop-error').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('drop-error-file').innerText()).toBe('broken_batch.bin');
      expect(await page.getByTestId('drop-error-code').innerText()).toBe('CIFAR_BAD_SIZE');
      expect(await page.getByTestId('drop-error-message').innerText()).toMatch(/broken_batch\.bin.*100/);
      expect(await page.getByTestId('dataset-row').count()).toBe(rows);
      await page.screenshot({ path: join(SCREENSHOTS, 'datasets-refused.png'), fullPage: true });

      expect(dialogs).toEqual([]);
      expect(filesUnder(join(served.dataDir, '.uploads'))).toEqual([]);
      expect(filesUnder(join(served.dataDir, '.staging'))).toEqual([]);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  }, 120_000);
});
