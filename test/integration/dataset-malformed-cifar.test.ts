/**
 * docs/reliability.md T3.1 for CIFAR-10 binary (single batches, batch folders, the .tar.gz archive) and a few
 * CIFAR-100 label cases: each broken input must be refused with {file, code, message} naming the file,
 * in under a second, with no registry call and nothing left behind (checked by expectRejected).
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../../src/core/random/prng';
import type { DatasetImportRequest } from '../../src/shared/dataset';
import { cifarFile, tarArchive, tarHeader } from '../fixtures/datasets/generators';
import { createHarness, expectRejected } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';
import { danglingSymlink, gzipBadCrc, mkfifo, sparseFile } from '../fixtures/datasets/idx-folders';

const R = 3073;
const prng = createPrng(10);
const batch = cifarFile(prng, 20);
const withByte = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
  const copy = Uint8Array.from(bytes);
  copy[at] = value;
  return copy;
};

interface Case {
  name: string;
  /** Writes the input under `dir` and returns the request and the file the error must name. */
  make: (dir: string) => Promise<{ request: DatasetImportRequest; file: string }>;
  code: string;
}

/** A single dropped batch file. */
const single = (name: string, bytes: Uint8Array, format?: 'cifar10' | 'cifar100') => async (dir: string) => {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), bytes);
  return { request: { path: join(dir, name), ...(format ? { format } : {}) }, file: name };
};

/** A cifar-10-batches-bin folder of five small batches plus test_batch, with `edit` applied. */
const folder = (broken: string, edit: (path: string) => Promise<void>) => async (dir: string) => {
  const sub = join(dir, 'cifar-10-batches-bin');
  await mkdir(sub, { recursive: true });
  for (const n of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']) {
    if (n !== broken) await writeFile(join(sub, n), batch);
  }
  await edit(join(sub, broken));
  return { request: { path: dir }, file: `cifar-10-batches-bin/${broken}` };
};

const archiveEntries = (data1: Uint8Array = batch) => [
  { name: 'cifar-10-batches-bin/batches.meta.txt', data: new TextEncoder().encode('airplane\n') },
  { name: 'cifar-10-batches-bin/data_batch_1.bin', data: data1 },
  { name: 'cifar-10-batches-bin/test_batch.bin', data: batch },
];

/** The dropped cifar-10-binary.tar.gz, built from `bytes`. */
const archive = (bytes: Uint8Array, file = 'cifar-10-binary.tar.gz') => async (dir: string) => {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'cifar-10-binary.tar.gz'), bytes);
  return { request: { path: join(dir, 'cifar-10-binary.tar.gz') }, file };
};

const goodTar = tarArchive(archiveEntries());

const CASES: Case[] = [
  { name: '0 bytes', code: 'DATASET_EMPTY_FILE', make: single('data_batch_1.bin', new Uint8Array(0)) },
  { name: '1 byte (truncated in the first label)', code: 'CIFAR_BAD_SIZE', make: single('data_batch_1.bin', batch.subarray(0, 1)) },
  { name: '100 bytes (truncated in the first record)', code: 'CIFAR_BAD_SIZE', make: single('data_batch_1.bin', batch.subarray(0, 100)) },
  { name: 'one record minus one byte', code: 'CIFAR_BAD_SIZE', make: single('data_batch_1.bin', batch.subarray(0, R - 1)) },
  { name: 'truncated mid-record after 10 records', code: 'CIFAR_BAD_SIZE', make: single('data_batch_1.bin', batch.subarray(0, 10 * R + 1500)) },
  { name: '20 records plus one byte', code: 'CIFAR_BAD_SIZE', make: single('data_batch_1.bin', Uint8Array.from([...batch, 0])) },
  { name: 'CIFAR-100 records given as CIFAR-10 (3074-byte records)', code: 'CIFAR_BAD_SIZE', make: single('data_batch_1.bin', cifarFile(prng, 10, 'cifar100')) },
  { name: 'label 10 in the first record', code: 'CIFAR_BAD_LABEL', make: single('data_batch_1.bin', withByte(batch, 0, 10)) },
  { name: 'label 255 in the last record', code: 'CIFAR_BAD_LABEL', make: single('data_batch_1.bin', withByte(batch, 19 * R, 255)) },
  { name: 'label 10 in a middle record', code: 'CIFAR_BAD_LABEL', make: single('data_batch_1.bin', withByte(batch, 7 * R, 10)) },
  { name: 'gzipped batch with a bad size', code: 'CIFAR_BAD_SIZE', make: single('data_batch_1.bin', gzipSync(batch.subarray(0, 5000))) },
  { name: 'gzipped batch with a bad CRC', code: 'DATASET_GZIP_CORRUPT', make: single('data_batch_1.bin', gzipBadCrc(batch)) },
  { name: 'validation split as large as the set', code: 'DATASET_BAD_OPTIONS', make: async (dir) => ({ ...(await single('data_batch_1.bin', batch)(dir)), request: { path: join(dir, 'data_batch_1.bin'), options: { validationSize: 20 } } }) },
  { name: 'a folder whose third batch has a bad size', code: 'CIFAR_BAD_SIZE', make: folder('data_batch_3.bin', (p) => writeFile(p, batch.subarray(0, 5 * R + 7))) },
  { name: 'a folder whose test batch has label 11', code: 'CIFAR_BAD_LABEL', make: folder('test_batch.bin', (p) => writeFile(p, withByte(batch, 3 * R, 11))) },
  { name: 'a folder with a 0-byte batch', code: 'DATASET_EMPTY_FILE', make: folder('data_batch_4.bin', (p) => writeFile(p, '')) },
  { name: 'a folder where data_batch_2.bin is a folder', code: 'DATASET_NOT_A_FILE', make: folder('data_batch_2.bin', (p) => mkdir(p)) },
  { name: 'a folder where data_batch_2.bin is a FIFO', code: 'DATASET_UNREADABLE', make: folder('data_batch_2.bin', async (p) => mkfifo(p)) },
  { name: 'a folder where data_batch_1.bin is a dangling symlink', code: 'DATASET_UNREADABLE', make: folder('data_batch_1.bin', danglingSymlink) },
  {
    name: 'a folder with only test_batch.bin',
    code: 'DATASET_MISSING_FILE',
    make: async (dir) => {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'test_batch.bin'), batch);
      return { request: { path: dir, format: 'cifar10' }, file: dir.split('/').pop()! };
    },
  },
  { name: 'a truncated .tar.gz', code: 'DATASET_GZIP_TRUNCATED', make: archive(gzipSync(goodTar).subarray(0, 3000)) },
  { name: 'a .tar.gz with a bad CRC', code: 'DATASET_GZIP_CORRUPT', make: archive(gzipBadCrc(goodTar)) },
  { name: 'a .tar.gz whose tar header checksum is wrong', code: 'DATASET_TAR_CORRUPT', make: archive(gzipSync(withByte(goodTar, 1024 + 20, 0x41))) },
  { name: 'a .tar.gz whose tar ends inside an entry', code: 'DATASET_TAR_CORRUPT', make: archive(gzipSync(goodTar.subarray(0, 512 * 3 + 8000))) },
  { name: 'a .tar.gz without any data batch', code: 'DATASET_MISSING_FILE', make: archive(gzipSync(tarArchive([{ name: 'readme.html', data: new Uint8Array(10) }]))) },
  {
    name: 'a .tar.gz whose batch has label 10',
    code: 'CIFAR_BAD_LABEL',
    make: archive(gzipSync(tarArchive(archiveEntries(withByte(batch, 0, 10)))), 'cifar-10-binary.tar.gz:cifar-10-batches-bin/data_batch_1.bin'),
  },
  {
    name: 'a .tar.gz bomb (a 64 MB entry of zeros, over 1000:1)',
    code: 'DATASET_GZIP_BOMB',
    make: (dir) => archive(gzipSync(Buffer.concat([tarHeader('cifar-10-batches-bin/data_batch_1.bin', 64 * 2 ** 20), Buffer.alloc(64 * 2 ** 20)]), { level: 9 }))(dir),
  },
  { name: 'a .tar.gz that is not gzip at all', code: 'DATASET_TAR_CORRUPT', make: archive(new TextEncoder().encode('<html>404 Not Found</html>'.padEnd(600, ' '))) },
  { name: 'CIFAR-100 coarse label 20', code: 'CIFAR_BAD_LABEL', make: single('train.bin', withByte(cifarFile(prng, 5, 'cifar100'), 3074, 20), 'cifar100') },
  { name: 'CIFAR-100 fine label 100', code: 'CIFAR_BAD_LABEL', make: single('train.bin', withByte(cifarFile(prng, 5, 'cifar100'), 1, 100), 'cifar100') },
];

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

describe('CIFAR import refuses broken files', () => {
  it(`has at least 25 CIFAR-10 cases (${CASES.filter((c) => !c.name.startsWith('CIFAR-100')).length})`, () => {
    expect(CASES.filter((c) => !c.name.startsWith('CIFAR-100')).length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('refuses %s', async (_name, c, i) => {
    const { request, file } = await c.make(join(h.inputs, `case-${i}`));
    await expectRejected(h, request, { code: c.code, file });
  });

  it('refuses 200 MB files quickly: a size that is not whole records from stat, a bad last label in one label scan', async () => {
    const dir = join(h.inputs, 'big');
    await mkdir(dir, { recursive: true });
    const records = 65_000; // 199.7 MB
    await sparseFile(join(dir, 'data_batch_1.bin'), new Uint8Array(1), records * R + 1);
    const size = await expectRejected(h, { path: join(dir, 'data_batch_1.bin') }, { code: 'CIFAR_BAD_SIZE', file: 'data_batch_1.bin' });
    await sparseFile(join(dir, 'data_batch_2.bin'), new Uint8Array(1), records * R, { at: (records - 1) * R, bytes: Uint8Array.from([10]) });
    const label = await expectRejected(h, { path: join(dir, 'data_batch_2.bin') }, { code: 'CIFAR_BAD_LABEL', file: 'data_batch_2.bin' });
    expect(label.issue.message).toContain(`record ${records - 1}`);
    console.log(`200 MB CIFAR rejections: bad size ${size.ms.toFixed(1)} ms, bad last label ${label.ms.toFixed(1)} ms`);
  });

  it('follows a symlinked batch inside the folder (a control: the cases above fail for their own reason)', async () => {
    const own = await createHarness();
    const dir = join(own.inputs, 'linked');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'real.bin'), batch);
    await symlink(join(dir, 'real.bin'), join(dir, 'data_batch_1.bin'));
    const summary = await own.importer.importDataset({ path: dir, options: { validationSize: 2 } });
    expect(summary.manifest.kind === 'image' && summary.manifest.splits.train.count).toBe(18);
    await own.cleanup();
  });
});
