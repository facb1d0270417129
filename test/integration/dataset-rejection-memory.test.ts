/**
 * docs/reliability.md T3.1, memory: peak RSS added by one rejection stays under 2 × min(file size, cap), measured by
 * `peakAdded` below (smallest footprint first, so the lifetime-peak bound stays tight). For gzip input,
 * "file size" is the decompressed content the import had to look at.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/core/data/idx';
import { createHarness, expectRejected } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';
import { NAMES, idxHeader, sparseFile } from '../fixtures/datasets/idx-folders';

const MB = 2 ** 20;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

/**
 * Write `mb` MiB of `fill` repeated (gzip-compressed if asked) in 1 MiB pieces: building the file must not
 * itself raise the lifetime peak that the measurement reads.
 */
async function letters(path: string, mb: number, gzip = false, fill = 'a'): Promise<void> {
  const piece = Buffer.alloc(MB, fill);
  const source = Readable.from((function* () {
    for (let i = 0; i < mb; i++) yield piece;
  })());
  if (gzip) await pipeline(source, createGzip({ level: 9 }), createWriteStream(path));
  else await pipeline(source, createWriteStream(path));
}

/**
 * Run a rejection and return the RSS it added at its peak, in bytes. When the process's lifetime peak
 * (getrusage maxrss) rose during the run, that peak is an upper bound of the run's own; when it did not (the
 * worker process peaked earlier, e.g. while another test file ran in it), the run stayed below that old peak
 * and the RSS sampled every millisecond during the run is the measurement.
 */
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
  const peak = lifetimeAfter > lifetimeBefore ? lifetimeAfter : sampled;
  return Math.max(0, peak - before);
}

describe('memory of a rejection', () => {
  it('IDX, 200 MB of images with a bad label: only the labels are read', async () => {
    const dir = join(h.inputs, 'idx');
    await mkdir(dir, { recursive: true });
    const count = 255_000;
    const labels = new Uint8Array(count);
    labels[count - 1] = 12;
    await writeFile(join(dir, NAMES.trainLabels), encodeIdx({ type: 'ubyte', dims: [count], payload: labels }));
    await sparseFile(join(dir, NAMES.trainImages), idxHeader([0, 0, 8, 3], [count, 28, 28]), 16 + count * 784);
    const added = await peakAdded(() => expectRejected(h, { path: dir }, { code: 'IDX_BAD_LABEL', file: NAMES.trainLabels }));
    console.log(`IDX 200 MB rejection: peak RSS added ≤ ${(added / MB).toFixed(1)} MB`);
    // The rejected file is 255 kB of labels; the 200 MB of images are never read.
    expect(added).toBeLessThan(32 * MB);
  });

  it('text, a 200 MB single line: refused while reading, once the line passes the 1 MiB cap', async () => {
    const dir = join(h.inputs, 'text');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'valid.txt'), 'a b\n');
    await writeFile(join(dir, 'test.txt'), 'a b\n');
    await letters(join(dir, 'train.txt'), 200);
    const added = await peakAdded(() => expectRejected(h, { path: dir }, { code: 'TEXT_LINE_TOO_LONG', file: 'train.txt' }));
    console.log(`text 200 MB line rejection: peak RSS added ≤ ${(added / MB).toFixed(1)} MB`);
    expect(added).toBeLessThan(2 * 200 * MB);
    expect(added).toBeLessThan(32 * MB);
  });

  it('a gz bomb that would inflate to 200 MB is stopped after a few MB of output', async () => {
    const dir = join(h.inputs, 'bomb');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'valid.txt'), 'a b\n');
    await writeFile(join(dir, 'test.txt'), 'a b\n');
    await letters(join(dir, 'train.txt'), 200, true, 'a\n');
    const added = await peakAdded(() => expectRejected(h, { path: dir }, { code: 'DATASET_GZIP_BOMB', file: 'train.txt' }));
    console.log(`gz bomb rejection: peak RSS added ≤ ${(added / MB).toFixed(1)} MB`);
    expect(added).toBeLessThan(64 * MB);
  });

  it('CIFAR, 200 MB with a bad label in the last record: read in one reused 49 MB buffer', async () => {
    const dir = join(h.inputs, 'cifar');
    await mkdir(dir, { recursive: true });
    const records = 65_000;
    await sparseFile(join(dir, 'data_batch_1.bin'), new Uint8Array(1), records * 3073, { at: (records - 1) * 3073, bytes: Uint8Array.from([10]) });
    const added = await peakAdded(() => expectRejected(h, { path: join(dir, 'data_batch_1.bin') }, { code: 'CIFAR_BAD_LABEL', file: 'data_batch_1.bin' }));
    console.log(`CIFAR 200 MB rejection: peak RSS added ≤ ${(added / MB).toFixed(1)} MB`);
    expect(added).toBeLessThan(2 * records * 3073);
  });
});
