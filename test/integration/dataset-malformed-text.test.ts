/**
 * docs/reliability.md T3.1 for text corpora: PTB folders and single files with non-UTF-8 bytes, binary content,
 * a 10 MB single line, missing or empty splits, broken gzip. Each is refused with {file, code, message}
 * naming the file, in under a second, with nothing registered and nothing left behind.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetImportRequest } from '../../src/shared/dataset';
import { pngFile, writeTree } from '../fixtures/datasets/generators';
import { createHarness, expectRejected } from '../fixtures/datasets/import-harness';
import type { Harness } from '../fixtures/datasets/import-harness';
import { danglingSymlink, gzipBadCrc, isRoot, mkfifo, symlinkLoop } from '../fixtures/datasets/idx-folders';

const good = 'the cat sat on the mat\na dog barked\nthe end\n';
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

type Split = 'train.txt' | 'valid.txt' | 'test.txt';

interface Case {
  name: string;
  code: string;
  make: (dir: string) => Promise<{ request: DatasetImportRequest; file: string }>;
}

/** A PTB folder whose `split` is replaced by `content` (string/bytes), or by a special entry. */
const ptb =
  (split: Split, content: Uint8Array | string | null | ((path: string) => Promise<void> | void), extra: Partial<DatasetImportRequest> = {}) =>
  async (dir: string) => {
    await mkdir(dir, { recursive: true });
    for (const n of ['train.txt', 'valid.txt', 'test.txt'] as const) if (n !== split) await writeFile(join(dir, n), good);
    if (typeof content === 'function') await content(join(dir, split));
    else if (content !== null) await writeFile(join(dir, split), content);
    return { request: { path: dir, ...extra }, file: content === null ? dir.split('/').pop()! : split };
  };

/** A single dropped corpus file. */
const single = (content: Uint8Array | string, extra: Partial<DatasetImportRequest> = {}) => async (dir: string) => {
  await writeTree(dir, { 'corpus.txt': content });
  return { request: { path: join(dir, 'corpus.txt'), ...extra }, file: 'corpus.txt' };
};

const CASES: Case[] = [
  { name: 'a 0-byte train.txt', code: 'DATASET_EMPTY_FILE', make: ptb('train.txt', '') },
  { name: 'a 0-byte valid.txt', code: 'DATASET_EMPTY_FILE', make: ptb('valid.txt', '') },
  { name: 'a 0xFF byte', code: 'TEXT_BAD_UTF8', make: ptb('train.txt', bytes('hello ', [0xff], ' world\n')) },
  { name: 'Latin-1 text (café)', code: 'TEXT_BAD_UTF8', make: ptb('train.txt', bytes('caf', [0xe9], ' au lait\n')) },
  { name: 'Windows-1252 smart quotes', code: 'TEXT_BAD_UTF8', make: ptb('valid.txt', bytes([0x93], 'quoted', [0x94], '\n')) },
  { name: 'UTF-16 with a byte-order mark', code: 'TEXT_BAD_UTF8', make: ptb('test.txt', Buffer.from('\ufeffhello\n', 'utf16le')) },
  { name: 'a multi-byte character cut by the end of the file', code: 'TEXT_BAD_UTF8', make: ptb('train.txt', bytes('abc ', [0xe2, 0x82])) },
  { name: 'an overlong encoding', code: 'TEXT_BAD_UTF8', make: ptb('train.txt', bytes('a', [0xc1, 0xbf], '\n')) },
  { name: "modified UTF-8's encoded NUL (C0 80)", code: 'TEXT_BAD_UTF8', make: ptb('train.txt', bytes('a', [0xc0, 0x80], '\n')) },
  { name: 'an encoded UTF-16 surrogate', code: 'TEXT_BAD_UTF8', make: ptb('valid.txt', bytes([0xed, 0xb0, 0x80], '\n')) },
  { name: 'a code point above U+10FFFF', code: 'TEXT_BAD_UTF8', make: ptb('test.txt', bytes([0xf5, 0x80, 0x80, 0x80], '\n')) },
  { name: 'a lone continuation byte', code: 'TEXT_BAD_UTF8', make: ptb('train.txt', bytes('ok ', [0x80], '\n')) },
  { name: 'a NUL byte', code: 'TEXT_BINARY', make: ptb('train.txt', bytes('text', [0], 'more\n')) },
  { name: 'a PNG saved as train.txt', code: 'TEXT_BAD_UTF8', make: ptb('train.txt', pngFile(4, 4, [1, 2, 3])) },
  { name: 'a 10 MB single line', code: 'TEXT_LINE_TOO_LONG', make: ptb('train.txt', 'word '.repeat(2 * 2 ** 20)) },
  { name: 'no valid.txt', code: 'DATASET_MISSING_FILE', make: ptb('valid.txt', null) },
  { name: 'no test.txt', code: 'DATASET_MISSING_FILE', make: ptb('test.txt', null) },
  { name: 'a train.txt of blank lines', code: 'TEXT_EMPTY', make: ptb('train.txt', '\n  \n\t\n') },
  { name: 'a test.txt of blank lines', code: 'TEXT_EMPTY', make: ptb('test.txt', '\r\n\r\n') },
  { name: 'a folder named train.txt', code: 'DATASET_NOT_A_FILE', make: ptb('train.txt', (p) => mkdir(p)) },
  { name: 'a FIFO as valid.txt', code: 'DATASET_UNREADABLE', make: ptb('valid.txt', mkfifo) },
  { name: 'a dangling symlink as test.txt', code: 'DATASET_UNREADABLE', make: ptb('test.txt', danglingSymlink) },
  {
    name: isRoot() ? 'an unreadable train.txt (symlink loop, as root)' : 'an unreadable train.txt (chmod 000)',
    code: 'DATASET_UNREADABLE',
    make: ptb('train.txt', isRoot() ? symlinkLoop : async (p) => {
      await writeFile(p, good);
      const { chmod } = await import('node:fs/promises');
      await chmod(p, 0);
    }),
  },
  { name: 'a truncated gzip as train.txt', code: 'DATASET_GZIP_TRUNCATED', make: ptb('train.txt', gzipSync(good.repeat(50)).subarray(0, 40)) },
  { name: 'a gzip with a bad CRC as valid.txt', code: 'DATASET_GZIP_CORRUPT', make: ptb('valid.txt', gzipBadCrc(Buffer.from(good))) },
  { name: 'a gz bomb as train.txt (64 MB of short lines)', code: 'DATASET_GZIP_BOMB', make: ptb('train.txt', (p) => writeFile(p, gzipSync(Buffer.alloc(64 * 2 ** 20, 'a\n'), { level: 9 }))) },
  { name: 'a single file too short to split three ways', code: 'TEXT_EMPTY', make: single('one line\ntwo lines\n') },
  { name: 'a single non-UTF-8 file', code: 'TEXT_BAD_UTF8', make: single(bytes('na', [0xef], 've\n')) },
  {
    name: 'a zero split ratio',
    code: 'DATASET_BAD_OPTIONS',
    make: async (dir) => ({ ...(await single(good)(dir)), request: { path: join(dir, 'corpus.txt'), options: { splitRatios: [0.8, 0, 0.2] } } }),
  },
];

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

describe('text import refuses broken corpora', () => {
  it(`has at least 25 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(25));

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('refuses %s', async (_name, c, i) => {
    const { request, file } = await c.make(join(h.inputs, `case-${i}`));
    await expectRejected(h, request, { code: c.code, file });
  });

  it('says where a bad byte is', async () => {
    const { request } = await ptb('valid.txt', bytes('first line\nsecond ', [0xff], '\n'))(join(h.inputs, 'where'));
    const { issue } = await expectRejected(h, request, { code: 'TEXT_BAD_UTF8', file: 'valid.txt' });
    expect(issue.message).toBe('TEXT_BAD_UTF8: valid.txt: invalid UTF-8 at byte 18 (line 2, byte 8 of the line): 0xFF can never appear in UTF-8');
  });

  it('refuses a file over the size cap before reading it', async () => {
    const own = await createHarness({ limits: { maxFileBytes: 1000 } });
    const { request } = await ptb('train.txt', 'word '.repeat(300))(join(own.inputs, 'cap'));
    await expectRejected(own, request, { code: 'DATASET_TOO_LARGE', file: 'train.txt' });
    await own.cleanup();
  });
});
