/**
 * docs/reliability.md T3.1 for image folders: a bad file inside a class folder does not sink the import, it is
 * listed in the skip report with {file, code, message}; a folder with nothing usable is refused. Each
 * case is a folder of two good classes (3 PNG + 3 JPEG images each) plus one broken thing.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportLimits } from '../../src/host/datasets/import-limits';
import { createPrng } from '../../src/core/random/prng';
import { jpegFile, pngFile, writeTree } from '../fixtures/datasets/generators';
import { createHarness, expectRejected } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';
import { isRoot, mkfifo, symlinkLoop } from '../fixtures/datasets/idx-folders';

const png = pngFile(20, 16, [200, 30, 30]);
const jpg = jpegFile(24, 24, [30, 30, 200]);

async function goodFolder(dir: string): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  for (const cls of ['cat', 'dog']) {
    for (let i = 0; i < 3; i++) {
      files[`${cls}/p${i}.png`] = png;
      files[`${cls}/j${i}.jpg`] = jpg;
    }
  }
  await writeTree(dir, files);
}

function withByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] = value;
  return copy;
}

/** A PNG whose IHDR claims 100000 × 100000 pixels (with a valid IHDR CRC), followed by nothing. */
function pngBombHeader(): Uint8Array {
  const head = Uint8Array.from(png.subarray(0, 33));
  const view = new DataView(head.buffer);
  view.setUint32(16, 100_000);
  view.setUint32(20, 100_000);
  return head;
}

interface SkipCase {
  name: string;
  /** Path of the broken entry, relative to the folder. */
  file: string;
  code: string;
  make: (path: string) => Promise<void> | void;
  limits?: Partial<ImportLimits>;
}

const put = (bytes: Uint8Array | string) => (path: string) => writeFile(path, bytes);

const SKIP_CASES: SkipCase[] = [
  { name: 'a text file in a class folder', file: 'cat/readme.txt', code: 'IMAGE_NOT_IMAGE', make: put('notes about cats\n') },
  { name: 'a .DS_Store-like binary', file: 'dog/.DS_Store', code: 'IMAGE_NOT_IMAGE', make: put(Uint8Array.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31, 0, 0, 0x10])) },
  { name: 'text named .png', file: 'cat/fake.png', code: 'IMAGE_NOT_IMAGE', make: put('<svg xmlns="http://www.w3.org/2000/svg"/>') },
  { name: 'a GIF', file: 'dog/anim.gif', code: 'IMAGE_NOT_IMAGE', make: put(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0])) },
  { name: 'a 0-byte image', file: 'cat/empty.png', code: 'DATASET_EMPTY_FILE', make: put(new Uint8Array(0)) },
  { name: 'a PNG signature only', file: 'cat/sig.png', code: 'IMAGE_UNDECODABLE', make: put(png.subarray(0, 8)) },
  { name: 'a PNG truncated after its header', file: 'cat/trunc.png', code: 'IMAGE_UNDECODABLE', make: put(png.subarray(0, 45)) },
  { name: 'a PNG truncated mid-data', file: 'dog/half.png', code: 'IMAGE_UNDECODABLE', make: put(png.subarray(0, Math.floor(png.length / 2))) },
  { name: 'a PNG with a damaged IHDR CRC', file: 'dog/crc.png', code: 'IMAGE_UNDECODABLE', make: put(withByte(png, 30, png[30]! ^ 0xff)) },
  { name: 'a PNG with damaged image data', file: 'cat/idat.png', code: 'IMAGE_UNDECODABLE', make: put(withByte(png, png.length - 20, png[png.length - 20]! ^ 0xff)) },
  { name: 'a PNG of width 0', file: 'cat/zero.png', code: 'IMAGE_UNDECODABLE', make: put(withByte(withByte(png, 18, 0), 19, 0)) },
  { name: 'a PNG header claiming 100000×100000 pixels', file: 'dog/bomb.png', code: 'IMAGE_TOO_LARGE', make: put(pngBombHeader()) },
  { name: 'a JPEG start marker only', file: 'cat/soi.jpg', code: 'IMAGE_UNDECODABLE', make: put(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])) },
  { name: 'a JPEG truncated in its headers', file: 'dog/head.jpg', code: 'IMAGE_UNDECODABLE', make: put(jpg.subarray(0, 100)) },
  { name: 'a JPEG truncated mid-scan', file: 'dog/half.jpg', code: 'IMAGE_UNDECODABLE', make: put(jpg.subarray(0, jpg.length - 200)) },
  { name: 'a JPEG with a zero-width frame', file: 'cat/zero.jpg', code: 'IMAGE_UNDECODABLE', make: put(zeroWidthJpeg()) },
  { name: 'a symlink to a file outside the folder', file: 'cat/passwd.png', code: 'DATASET_SYMLINK_OUTSIDE', make: (p) => symlink('/etc/passwd', p) },
  { name: 'a symlinked class folder outside the folder', file: 'etc', code: 'DATASET_SYMLINK_OUTSIDE', make: (p) => symlink('/etc', p) },
  {
    name: 'a symlink escaping by ../ to a real image',
    file: 'dog/up.png',
    code: 'DATASET_SYMLINK_OUTSIDE',
    make: async (p) => {
      await writeFile(join(p, '..', '..', '..', 'outside.png'), png);
      await symlink('../../outside.png', p);
    },
  },
  { name: 'a dangling symlink leading outside', file: 'dog/out.png', code: 'DATASET_SYMLINK_OUTSIDE', make: (p) => symlink('../../../missing.png', p) },
  { name: 'a dangling symlink inside the folder', file: 'dog/gone.png', code: 'DATASET_UNREADABLE', make: (p) => symlink('deleted.png', p) },
  { name: 'a FIFO', file: 'cat/pipe.png', code: 'DATASET_UNREADABLE', make: mkfifo },
  { name: 'an unreadable file (symlink loop as root, chmod 000 otherwise)', file: 'cat/locked.png', code: 'DATASET_UNREADABLE', make: isRoot() ? symlinkLoop : async (p) => { await writeFile(p, png); const { chmod } = await import('node:fs/promises'); await chmod(p, 0); } },
  { name: 'a file outside any class folder', file: 'README.md', code: 'IMAGE_NOT_IMAGE', make: put('# my pets\n') },
  { name: 'an empty class folder', file: 'bird', code: 'IMAGE_NO_IMAGES', make: (p) => mkdir(p) },
  { name: 'a file over the byte cap', file: 'cat/big.png', code: 'DATASET_TOO_LARGE', make: put(pngFile(64, 64, createPrng(4))), limits: { maxImageFileBytes: 5000 } },
  { name: 'an image over the pixel cap', file: 'dog/wide.png', code: 'IMAGE_TOO_LARGE', make: put(pngFile(40, 30, [9, 9, 9])), limits: { maxImagePixels: 1000 } },
];

/** SOI + SOF0 with width 0 + EOI. */
function zeroWidthJpeg(): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x00, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

describe('image-folder import skips broken files with a report', () => {
  it(`has at least 25 cases (${SKIP_CASES.length} skips + whole-folder rejections below)`, () => {
    expect(SKIP_CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(SKIP_CASES.map((c, i) => [c.name, c, i] as const))('skips %s, naming it', async (_name, c, i) => {
    const own = c.limits ? await createHarness({ limits: c.limits }) : h;
    const dir = join(own.inputs, `skip-${i}`, 'pets');
    await goodFolder(dir);
    await c.make(join(dir, c.file));
    const started = performance.now();
    const summary = await own.importer.importDataset({ path: dir, options: { imageSize: 8, validationSize: 2 } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(summary.skipped.map((s) => ({ file: s.file, code: s.code }))).toEqual([{ file: c.file, code: c.code }]);
    // An empty class folder is listed with its reason but is not a skipped file.
    expect(summary.skippedTotal).toBe(c.code === 'IMAGE_NO_IMAGES' ? 0 : 1);
    expect(summary.skipped[0]!.message).toContain(`${c.code}: ${c.file}`);
    expect(summary.manifest.kind === 'image' && summary.manifest.classNames).toEqual(['cat', 'dog']);
    expect(summary.manifest.kind === 'image' && summary.manifest.splits.train.count + summary.manifest.splits.valid.count).toBe(12);
    if (own !== h) await own.cleanup();
  });
});

describe('image-folder import refuses a folder with nothing to learn from', () => {
  const REJECTIONS: { name: string; code: string; make: (dir: string) => Promise<void>; options?: Record<string, number> }[] = [
    { name: 'no class folders, only files', code: 'IMAGE_NO_IMAGES', make: (d) => writeTree(d, { 'a.png': png, 'b.png': png }) },
    { name: 'one class folder', code: 'IMAGE_TOO_FEW_CLASSES', make: (d) => writeTree(d, { 'cat/a.png': png, 'cat/b.png': png }) },
    { name: 'class folders with no decodable image', code: 'IMAGE_NO_IMAGES', make: (d) => writeTree(d, { 'cat/a.png': png.subarray(0, 40), 'dog/b.jpg': 'x' }) },
    { name: 'a validation split as large as the set', code: 'DATASET_BAD_OPTIONS', make: goodFolder, options: { validationSize: 12 } },
    { name: 'more than 256 class folders', code: 'IMAGE_TOO_MANY_CLASSES', make: async (d) => { for (let k = 0; k < 257; k++) await mkdir(join(d, `c${k}`), { recursive: true }); } },
  ];

  it.each(REJECTIONS.map((c, i) => [c.name, c, i] as const))('refuses %s', async (_name, c, i) => {
    const dir = join(h.inputs, `reject-${i}`, 'pets');
    await mkdir(dir, { recursive: true });
    await c.make(dir);
    await expectRejected(h, { path: dir, format: 'image-folder', options: { imageSize: 8, ...c.options } }, { code: c.code, file: 'pets' });
  });

  it('says why when every image was refused: over the pixel cap, counted as files, empty class folders not counted', async () => {
    const own = await createHarness({ limits: { maxImagePixels: 1000 } });
    const dir = join(own.inputs, 'huge', 'pets');
    await writeTree(dir, { 'cat/a.png': pngFile(40, 30, [9, 9, 9]), 'dog/b.png': pngFile(50, 30, [1, 2, 3]), 'dog/c.png': pngFile(40, 40, [4, 5, 6]) });
    await mkdir(join(dir, 'empty'));
    const err = await own.importer.importDataset({ path: dir, format: 'image-folder', options: { imageSize: 8 } }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^IMAGE_NO_IMAGES: pets: no usable PNG or JPEG image in 3 class folders \(3 files skipped: 3 IMAGE_TOO_LARGE \(first: IMAGE_TOO_LARGE: cat\/a\.png: 40×30 pixels, over the 1000-pixel cap/);
    await own.cleanup();
  });

  it('refuses a dropped FIFO with a typed error', async () => {
    await mkdir(join(h.inputs, 'fifo'), { recursive: true });
    mkfifo(join(h.inputs, 'fifo', 'pets'));
    await expectRejected(h, { path: join(h.inputs, 'fifo', 'pets'), format: 'image-folder' }, { code: 'DATASET_UNREADABLE', file: 'pets' });
  });

  it('follows a symlink that stays inside the folder (a control for the symlink cases)', async () => {
    const own = await createHarness();
    const dir = join(own.inputs, 'pets');
    await goodFolder(dir);
    await symlink(join(dir, 'cat', 'p0.png'), join(dir, 'dog', 'alias.png'));
    const summary = await own.importer.importDataset({ path: dir, options: { imageSize: 8, validationSize: 2 } });
    expect(summary.skipped).toEqual([]);
    expect(summary.preview.kind === 'image' && summary.preview.classCounts.train.reduce((a, b) => a + b, 0)).toBe(11);
    await own.cleanup();
  });
});
