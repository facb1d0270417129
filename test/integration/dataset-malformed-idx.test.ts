/**
 * docs/reliability.md T3.1 for IDX, raw and gzip: more than 25 hand-made broken MNIST-layout folders each, made
 * at test time. Every one must be refused with {file, code, message} naming the file, in under a second,
 * with no registry call and nothing left in the data directory (checked by expectRejected).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/core/data/idx';
import { createPrng } from '../../src/core/random/prng';
import { idxImagesFile } from '../fixtures/datasets/generators';
import { createHarness, expectRejected } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';
import {
  NAMES,
  danglingSymlink,
  fileName,
  gzipBadCrc,
  gzipWithName,
  idxHeader,
  isRoot,
  mkfifo,
  sparseFile,
  symlinkLoop,
  validIdxSet,
  writeIdxFolder,
} from '../fixtures/datasets/idx-folders';
import type { Role } from '../fixtures/datasets/idx-folders';

interface Case {
  name: string;
  expected: { code: string; role: Role | 'folder' };
  /** Build the broken folder `dir` (gz says whether its files are gzip). */
  make: (dir: string, gz: boolean) => Promise<void>;
}

const base = validIdxSet();
const withBytes = (role: Role, bytes: Uint8Array) => (dir: string, gz: boolean) => writeIdxFolder(dir, gz, { [role]: bytes });
const cut = (role: Role, length: number) => withBytes(role, base[role].subarray(0, length));
const patched = (role: Role, at: number, value: number): Uint8Array => {
  const copy = Uint8Array.from(base[role]);
  copy[at] = value;
  return copy;
};
/** Replace a file by a special entry after writing the rest. */
const special = (role: Role, create: (path: string) => Promise<void> | void) => async (dir: string, gz: boolean) => {
  await writeIdxFolder(dir, gz, { [role]: null });
  await create(join(dir, fileName(role, gz)));
};
const labels = (values: number[]): Uint8Array => encodeIdx({ type: 'ubyte', dims: [values.length], payload: Uint8Array.from(values) });

/** Cases that break the IDX content itself; each runs on raw files and again inside valid gzip. */
const CONTENT_CASES: Case[] = [
  { name: '0-byte images file', expected: { code: 'DATASET_EMPTY_FILE', role: 'trainImages' }, make: withBytes('trainImages', new Uint8Array(0)) },
  { name: '0-byte labels file', expected: { code: 'DATASET_EMPTY_FILE', role: 'trainLabels' }, make: withBytes('trainLabels', new Uint8Array(0)) },
  { name: 'truncated inside the magic', expected: { code: 'IDX_TRUNCATED', role: 'trainImages' }, make: cut('trainImages', 2) },
  { name: 'truncated inside the dims', expected: { code: 'IDX_TRUNCATED', role: 'trainImages' }, make: cut('trainImages', 10) },
  { name: 'truncated mid-record', expected: { code: 'IDX_TRUNCATED', role: 'trainImages' }, make: cut('trainImages', 16 + 28 * 28 * 30 + 400) },
  { name: 'payload one byte short', expected: { code: 'IDX_TRUNCATED', role: 'testImages' }, make: cut('testImages', base.testImages.length - 1) },
  { name: 'labels payload short', expected: { code: 'IDX_TRUNCATED', role: 'trainLabels' }, make: cut('trainLabels', 8 + 30) },
  { name: 'one trailing byte', expected: { code: 'IDX_TRAILING_BYTES', role: 'trainImages' }, make: withBytes('trainImages', Uint8Array.from([...base.trainImages, 0])) },
  { name: '100 trailing bytes on labels', expected: { code: 'IDX_TRAILING_BYTES', role: 'testLabels' }, make: withBytes('testLabels', Uint8Array.from([...base.testLabels, ...new Array(100).fill(1)])) },
  { name: 'magic byte 0 non-zero', expected: { code: 'IDX_BAD_MAGIC', role: 'trainImages' }, make: withBytes('trainImages', patched('trainImages', 0, 0x12)) },
  { name: 'magic byte 1 non-zero', expected: { code: 'IDX_BAD_MAGIC', role: 'trainLabels' }, make: withBytes('trainLabels', patched('trainLabels', 1, 0x01)) },
  { name: 'type byte 0x07', expected: { code: 'IDX_BAD_TYPE', role: 'trainImages' }, make: withBytes('trainImages', patched('trainImages', 2, 0x07)) },
  { name: 'type byte 0xFF', expected: { code: 'IDX_BAD_TYPE', role: 'testLabels' }, make: withBytes('testLabels', patched('testLabels', 2, 0xff)) },
  { name: 'float images where ubyte is expected', expected: { code: 'IDX_BAD_TYPE', role: 'trainImages' }, make: withBytes('trainImages', patched('trainImages', 2, 0x0d)) },
  { name: 'nd = 0', expected: { code: 'IDX_BAD_RANK', role: 'trainImages' }, make: withBytes('trainImages', patched('trainImages', 3, 0)) },
  { name: 'nd = 5', expected: { code: 'IDX_BAD_RANK', role: 'trainImages' }, make: withBytes('trainImages', patched('trainImages', 3, 5)) },
  { name: 'nd = 4 where images need 3', expected: { code: 'IDX_BAD_RANK', role: 'testImages' }, make: withBytes('testImages', encodeIdx({ type: 'ubyte', dims: [10, 28, 28, 1], payload: new Uint8Array(7840) })) },
  { name: 'images and labels files swapped', expected: { code: 'IDX_BAD_RANK', role: 'trainImages' }, make: (dir, gz) => writeIdxFolder(dir, gz, { trainImages: base.trainLabels, trainLabels: base.trainImages }) },
  { name: 'a zero dimension', expected: { code: 'IDX_BAD_DIMS', role: 'trainImages' }, make: withBytes('trainImages', idxHeader([0, 0, 8, 3], [60, 0, 28])) },
  { name: 'dims whose product overflows 2^53', expected: { code: 'IDX_BAD_DIMS', role: 'trainImages' }, make: withBytes('trainImages', idxHeader([0, 0, 8, 3], [0xffffffff, 0xffffffff, 0xffffffff])) },
  { name: 'dims over the 1 GiB cap', expected: { code: 'IDX_BAD_DIMS', role: 'trainImages' }, make: withBytes('trainImages', idxHeader([0, 0, 8, 3], [60, 32768, 32768])) },
  { name: 'count mismatch 60000 vs 59999', expected: { code: 'IDX_COUNT_MISMATCH', role: 'trainLabels' }, make: (dir, gz) => writeIdxFolder(dir, gz, { trainImages: idxHeader([0, 0, 8, 3], [60000, 28, 28]), trainLabels: labels(new Array(59999).fill(0)) }) },
  { name: 'test count mismatch 10 vs 9', expected: { code: 'IDX_COUNT_MISMATCH', role: 'testLabels' }, make: withBytes('testLabels', labels(new Array(9).fill(1))) },
  { name: 'label 10 in a 10-class set', expected: { code: 'IDX_BAD_LABEL', role: 'trainLabels' }, make: withBytes('trainLabels', patched('trainLabels', 8 + 59, 10)) },
  { name: 'label 255 in the test labels', expected: { code: 'IDX_BAD_LABEL', role: 'testLabels' }, make: withBytes('testLabels', patched('testLabels', 8, 255)) },
  { name: 'test images of another size', expected: { code: 'IDX_BAD_DIMS', role: 'testImages' }, make: withBytes('testImages', idxImagesFile(createPrng(2), 10, 32, 32)) },
  { name: 'no labels file', expected: { code: 'DATASET_MISSING_FILE', role: 'folder' }, make: (dir, gz) => writeIdxFolder(dir, gz, { trainLabels: null }) },
  { name: 't10k images without t10k labels', expected: { code: 'DATASET_MISSING_FILE', role: 'folder' }, make: (dir, gz) => writeIdxFolder(dir, gz, { testLabels: null }) },
  { name: 'a folder where the images file should be', expected: { code: 'DATASET_NOT_A_FILE', role: 'trainImages' }, make: special('trainImages', (p) => mkdir(p)) },
  { name: 'a FIFO as the labels file', expected: { code: 'DATASET_UNREADABLE', role: 'trainLabels' }, make: special('trainLabels', mkfifo) },
  { name: 'a dangling symlink as the images file', expected: { code: 'DATASET_UNREADABLE', role: 'trainImages' }, make: special('trainImages', danglingSymlink) },
  {
    // Root reads through chmod 000, so as root the unreadable file is a symlink loop instead (ELOOP).
    name: isRoot() ? 'an unreadable file (symlink loop, as root)' : 'an unreadable file (chmod 000)',
    expected: { code: 'DATASET_UNREADABLE', role: 'testImages' },
    make: isRoot()
      ? special('testImages', symlinkLoop)
      : async (dir, gz) => {
          await writeIdxFolder(dir, gz);
          await chmod(join(dir, fileName('testImages', gz)), 0);
        },
  },
];

/** Cases that break the gzip layer, or only exist inside it. */
const GZIP_CASES: Case[] = [
  { name: 'a 0-byte .gz file', expected: { code: 'DATASET_EMPTY_FILE', role: 'trainImages' }, make: special('trainImages', (p) => writeFile(p, '')) },
  { name: 'gzip truncated inside its header', expected: { code: 'DATASET_GZIP_TRUNCATED', role: 'trainImages' }, make: special('trainImages', (p) => writeFile(p, gzipSync(base.trainImages).subarray(0, 6))) },
  { name: 'gzip truncated mid-stream', expected: { code: 'DATASET_GZIP_TRUNCATED', role: 'trainImages' }, make: special('trainImages', (p) => writeFile(p, gzipSync(base.trainImages).subarray(0, 2000))) },
  { name: 'gzip missing its 8-byte trailer', expected: { code: 'DATASET_GZIP_TRUNCATED', role: 'trainLabels' }, make: special('trainLabels', (p) => { const gz = gzipSync(base.trainLabels); return writeFile(p, gz.subarray(0, gz.length - 8)); }) },
  { name: 'gzip with a bad CRC-32', expected: { code: 'DATASET_GZIP_CORRUPT', role: 'trainImages' }, make: special('trainImages', (p) => writeFile(p, gzipBadCrc(base.trainImages))) },
  { name: 'gzip with a wrong length trailer', expected: { code: 'DATASET_GZIP_CORRUPT', role: 'testImages' }, make: special('testImages', (p) => { const gz = Uint8Array.from(gzipSync(base.testImages)); gz[gz.length - 2]! ^= 0x40; return writeFile(p, gz); }) },
  { name: 'gzip with a reserved deflate block type', expected: { code: 'DATASET_GZIP_CORRUPT', role: 'trainImages' }, make: special('trainImages', (p) => { const gz = Uint8Array.from(gzipSync(base.trainImages)); gz[10] = 0x07; return writeFile(p, gz); }) },
  { name: 'gzip with an unknown compression method', expected: { code: 'DATASET_GZIP_CORRUPT', role: 'trainLabels' }, make: special('trainLabels', (p) => { const gz = Uint8Array.from(gzipSync(base.trainLabels)); gz[2] = 9; return writeFile(p, gz); }) },
  { name: 'garbage after the gzip member', expected: { code: 'DATASET_GZIP_CORRUPT', role: 'trainImages' }, make: special('trainImages', (p) => writeFile(p, Buffer.concat([gzipSync(base.trainImages), Buffer.from('trailing junk')]))) },
  { name: 'a gz bomb: 100000×28×28 declared, zeros that compress over 1000:1', expected: { code: 'DATASET_GZIP_BOMB', role: 'trainImages' }, make: async (dir) => {
    await writeIdxFolder(dir, true, { trainImages: null, trainLabels: labels(new Array(100000).fill(0)) });
    const zeros = Buffer.alloc(16 + 100000 * 784);
    zeros.set(idxHeader([0, 0, 8, 3], [100000, 28, 28]));
    await writeFile(join(dir, fileName('trainImages', true)), gzipSync(zeros, { level: 9 }));
  } },
  { name: 'a double-gzipped file (IDX_BAD_MAGIC 0x1F8B0808)', expected: { code: 'IDX_BAD_MAGIC', role: 'trainImages' }, make: special('trainImages', (p) => writeFile(p, gzipSync(gzipWithName(base.trainImages, NAMES.trainImages)))) },
];

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

function expectedFile(c: Case, gz: boolean, dir: string): string {
  return c.expected.role === 'folder' ? dir.split('/').pop()! : fileName(c.expected.role, gz);
}

describe('IDX import refuses broken raw files', () => {
  it(`has at least 25 cases (${CONTENT_CASES.length})`, () => expect(CONTENT_CASES.length).toBeGreaterThanOrEqual(25));

  it.each(CONTENT_CASES.map((c, i) => [c.name, c, i] as const))('refuses %s', async (_name, c, i) => {
    const dir = join(h.inputs, `raw-${i}`);
    await c.make(dir, false);
    await expectRejected(h, { path: dir }, { code: c.expected.code, file: expectedFile(c, false, dir) });
  });

  it('refuses 200 MB files from their headers in well under a second (size checked by stat, labels before pixels)', async () => {
    const count = 255_000; // 255000 × 784 + 16 bytes ≈ 200 MB
    const long = join(h.inputs, 'big-long');
    await writeIdxFolder(long, false, { trainImages: null, trainLabels: labels(new Array(count).fill(0)), testImages: null, testLabels: null });
    await sparseFile(join(long, NAMES.trainImages), idxHeader([0, 0, 8, 3], [count, 28, 28]), 16 + count * 784 + 1);
    const longR = await expectRejected(h, { path: long }, { code: 'IDX_TRAILING_BYTES', file: NAMES.trainImages });
    const badLabel = join(h.inputs, 'big-label');
    const bad = new Array(count).fill(0);
    bad[count - 1] = 10;
    await writeIdxFolder(badLabel, false, { trainImages: null, trainLabels: labels(bad), testImages: null, testLabels: null });
    await sparseFile(join(badLabel, NAMES.trainImages), idxHeader([0, 0, 8, 3], [count, 28, 28]), 16 + count * 784);
    const labelR = await expectRejected(h, { path: badLabel }, { code: 'IDX_BAD_LABEL', file: NAMES.trainLabels });
    expect(labelR.issue.message).toContain(`record ${count - 1}`);
    console.log(`200 MB IDX rejections: trailing byte ${longR.ms.toFixed(1)} ms, bad last label ${labelR.ms.toFixed(1)} ms`);
  });
});

describe('IDX import refuses broken .gz files', () => {
  const cases = [...CONTENT_CASES, ...GZIP_CASES];
  it(`has at least 25 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases.map((c, i) => [c.name, c, i] as const))('refuses %s (gzip)', async (_name, c, i) => {
    const dir = join(h.inputs, `gz-${i}`);
    await c.make(dir, true);
    const { issue } = await expectRejected(h, { path: dir }, { code: c.expected.code, file: expectedFile(c, true, dir) });
    if (c.name.startsWith('a double-gzipped')) {
      expect(issue.message).toBe('IDX_BAD_MAGIC: train-images-idx3-ubyte.gz: expected 0x00000803, got 0x1F8B0808');
    }
  });
});

describe('IDX import accepts the valid base folder the cases break', () => {
  it.each([false, true])('imports it (gzip: %s)', async (gz) => {
    const own = await createHarness();
    const dir = join(own.inputs, `valid-${gz}`);
    await writeIdxFolder(dir, gz);
    const summary = await own.importer.importDataset({ path: dir, options: { validationSize: 6 } });
    expect(summary.manifest.kind).toBe('image');
    if (summary.manifest.kind === 'image') {
      expect([summary.manifest.splits.train.count, summary.manifest.splits.valid.count, summary.manifest.splits.test?.count]).toEqual([54, 6, 10]);
    }
    expect(own.registered).toHaveLength(1);
    await own.cleanup();
  });
});
