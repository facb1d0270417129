/**
 * Import memory is bounded whatever the file says (issue 16): a small crafted .gz IDX file (≈ 0.6 MB) whose
 * header declares 280,000 images of 32 × 32 (287 MB, within every cap and the 1000:1 gzip ratio) and whose
 * content runs until the last half image, where it is IDX_TRUNCATED. All of it must be read to find that.
 * Three such imports are asked at once through the host's `datasets.import`: they run one at a time (the
 * later ones reported `queued`), and the host's RSS rises by less than 256 MB at its peak. Before the fix
 * each import filled a buffer of the declared size, so three at once added over 800 MB.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/core/data/idx';
import type { DatasetImportProgressReport } from '../../src/shared/dataset';
import { EnasError } from '../../src/shared/errors';
import { createPrng } from '../../src/core/random/prng';
import { openHarness } from '../fixtures/fake-trainer-harness';
import type { Harness } from '../fixtures/fake-trainer-harness';
import { NAMES, idxHeader } from '../fixtures/datasets/idx-folders';

const MB = 2 ** 20;
const COUNT = 280_000;
const IMAGE = 32 * 32;
let h: Harness;
let dir: string;

/** Header, then COUNT images minus half of the last one: zeros with 2 KiB of noise per MiB. */
async function craftedImages(path: string): Promise<void> {
  const prng = createPrng(5);
  const payload = COUNT * IMAGE - IMAGE / 2;
  const pieces = (function* () {
    yield idxHeader([0, 0, 8, 3], [COUNT, 32, 32]);
    for (let at = 0; at < payload; at += MB) {
      const piece = new Uint8Array(Math.min(MB, payload - at));
      for (let i = 0; i < Math.min(2048, piece.length); i++) piece[i] = Math.floor(prng.next() * 256);
      yield piece;
    }
  })();
  await pipeline(Readable.from(pieces), createGzip({ level: 6 }), createWriteStream(path));
}

/** The RSS a run added at its peak (lifetime peak when it rose during the run, else 1 ms samples). */
async function peakAdded(run: () => Promise<unknown>): Promise<number> {
  const lifetimeBefore = process.resourceUsage().maxRSS * 1024;
  const before = process.memoryUsage().rss;
  let sampled = before;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 1);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  sampled = Math.max(sampled, process.memoryUsage().rss);
  const lifetimeAfter = process.resourceUsage().maxRSS * 1024;
  return Math.max(0, (lifetimeAfter > lifetimeBefore ? lifetimeAfter : sampled) - before);
}

beforeAll(async () => {
  h = await openHarness();
  dir = join(h.dir, 'crafted');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, NAMES.trainLabels), encodeIdx({ type: 'ubyte', dims: [COUNT], payload: new Uint8Array(COUNT) }));
  await craftedImages(join(dir, `${NAMES.trainImages}.gz`));
}, 60_000);
afterAll(async () => {
  await h?.dispose();
});

describe('import memory', () => {
  it('three crafted .gz IDX imports at once: one at a time, under 256 MB of RSS rise', async () => {
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(join(dir, `${NAMES.trainImages}.gz`)));
    const reports: DatasetImportProgressReport[] = [];
    const stop = h.workbench.subscribe((e) => {
      if (e.type === 'dataset-import-progress') reports.push(e.progress);
    });
    let outcomes: unknown[] = [];
    const added = await peakAdded(async () => {
      outcomes = await Promise.all(
        [1, 2, 3].map((i) =>
          h.workbench.invoke('datasets.import', { path: dir, name: `crafted ${i}` }).then(
            () => 'imported',
            (err: unknown) => (err instanceof EnasError ? err.code : String(err)),
          ),
        ),
      );
    });
    stop();
    console.log(`crafted ${(size / MB).toFixed(2)} MB .gz declaring ${((COUNT * IMAGE) / MB).toFixed(0)} MB, 3 imports at once: peak RSS added ${(added / MB).toFixed(1)} MB`);
    expect(size).toBeLessThan(2 * MB);
    expect(outcomes).toEqual(['IDX_TRUNCATED', 'IDX_TRUNCATED', 'IDX_TRUNCATED']);
    expect(added).toBeLessThan(256 * MB);
    // One at a time: the second and third waited (queued), and none converted before the previous ended.
    const phases = reports.map((r) => `${r.name}:${r.phase}`);
    expect(phases.filter((p) => p.endsWith(':queued')).sort()).toEqual(['crafted 2:queued', 'crafted 3:queued']);
    const ended = (name: string): number => phases.indexOf(`${name}:failed`);
    const started = (name: string): number => phases.indexOf(`${name}:convert`);
    expect(started('crafted 2')).toBeGreaterThan(ended('crafted 1'));
    expect(started('crafted 3')).toBeGreaterThan(ended('crafted 2'));
    expect(h.store.datasets.list().map((d) => d.name)).not.toContain('crafted 1');
  }, 120_000);
});
