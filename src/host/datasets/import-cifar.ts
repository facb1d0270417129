/**
 * Import CIFAR-10 or CIFAR-100 binary data: a single batch file, a folder of batches (as unpacked, with or
 * without the cifar-10-batches-bin / cifar-100-binary sub-folder), or the downloaded .tar.gz itself. Every
 * file's size is checked against the record size before any record is read; records are then decoded in
 * chunks and routed to train / valid / test, so memory stays at a chunk. Content that is not a plain file on
 * disk (a gzip batch, an entry of the archive) is first streamed into a scratch file of the staging folder
 * and read from there, so it is never held whole in memory either; the scratch files are removed before the
 * dataset is committed. The label-names files are small by nature: one over 64 KiB is ignored.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  CIFAR10_CLASS_NAMES,
  CIFAR_SIDE,
  checkCifarLabels,
  cifarClasses,
  cifarRecordBytes,
  cifarRecordCount,
  decodeCifar,
} from '../../core/data/cifar';
import type { CifarVariant } from '../../core/data/cifar';
import { dataError } from '../../core/data/data-error';
import { decodeTextLines } from '../../core/data/utf8-lines';
import { ImageSplitOutput, routeImages } from './image-output';
import { finishImageDataset, trainValidationMask } from './import-context';
import type { Converted, ImportContext } from './import-context';
import { unreadable } from './file-errors';
import { contentChunks, openSource, readContent, readRaw } from './source-file';
import { visitTarFiles } from './tar-reader';

/** A file of records on disk: the user's own, or a scratch copy of decompressed content. */
interface RecordFile {
  name: string;
  size: number;
  /** `length` bytes from `offset`, into `buffer` when given. */
  read(offset: number, length: number, buffer?: Uint8Array): Promise<Uint8Array>;
  /** The scratch file in the staging folder holding it, to remove before the commit. */
  scratch?: string;
}

/** A label-names file (a hundred names or so) larger than this is not one: it is ignored. */
const MAX_META_BYTES = 64 * 1024;

interface CifarSources {
  train: RecordFile[];
  test: RecordFile | undefined;
  meta: Map<string, Uint8Array>;
}

const PATTERNS: Record<CifarVariant, { train: RegExp; test: RegExp }> = {
  cifar10: { train: /^data_batch_(\d+)\.bin$/, test: /^test_batch\.bin$/ },
  cifar100: { train: /^train\.bin$/, test: /^test\.bin$/ },
};
const META = /^(batches\.meta|fine_label_names|coarse_label_names)\.txt$/;

/** True when a folder listing (or an archive name) looks like CIFAR binary data. */
export function looksLikeCifar(names: readonly string[]): CifarVariant | undefined {
  if (names.some((n) => PATTERNS.cifar10.train.test(n) || n === 'cifar-10-batches-bin')) return 'cifar10';
  if (names.some((n) => n === 'cifar-100-binary') || (names.includes('train.bin') && names.includes('test.bin'))) {
    return 'cifar100';
  }
  return undefined;
}

function batchOrder(variant: CifarVariant, name: string): number {
  const m = PATTERNS[variant].train.exec(basename(name));
  return m?.[1] ? Number(m[1]) : 0;
}

let spillCount = 0;

/** Streams `pieces` into a new scratch file of the staging folder and returns it as a file of records. */
async function spill(ctx: ImportContext, name: string, pieces: AsyncIterable<Uint8Array>): Promise<RecordFile> {
  spillCount += 1;
  const scratch = `source-${spillCount}.tmp`;
  const out = await ctx.staging.file(scratch);
  for await (const piece of pieces) await out.write(piece);
  await ctx.staging.close(out);
  const src = { path: join(ctx.staging.dir, scratch), name, size: out.bytes, gzip: false };
  return { name, size: out.bytes, read: (offset, length, buffer) => readRaw(src, offset, length, buffer), scratch };
}

async function diskFile(ctx: ImportContext, path: string, name: string): Promise<RecordFile> {
  const src = await openSource(path, name, ctx.limits);
  if (src.gzip) return spill(ctx, name, contentChunks(src, ctx.limits, ctx.onProgress));
  return { name, size: src.size, read: (offset, length, buffer) => readRaw(src, offset, length, buffer) };
}

function isArchive(name: string): boolean {
  return /\.(tar\.gz|tgz|tar)$/i.test(name);
}

async function fromArchive(ctx: ImportContext, variant: CifarVariant): Promise<CifarSources> {
  const src = await openSource(ctx.root, ctx.rootName, ctx.limits);
  const { train, test } = PATTERNS[variant];
  const wanted = (name: string): boolean => [train, test, META].some((re) => re.test(basename(name)));
  const found: CifarSources = { train: [], test: undefined, meta: new Map() };
  await visitTarFiles(contentChunks(src, ctx.limits, ctx.onProgress), ctx.rootName, wanted, ctx.limits.maxFileBytes, async (name, size, pieces) => {
    const base = basename(name);
    if (META.test(base)) {
      if (size > MAX_META_BYTES) return;
      const parts: Uint8Array[] = [];
      for await (const piece of pieces) parts.push(piece);
      found.meta.set(base, Uint8Array.from(Buffer.concat(parts)));
      return;
    }
    const file = await spill(ctx, `${ctx.rootName}:${name}`, pieces);
    if (train.test(base)) found.train.push(file);
    else found.test ??= file;
  });
  return found;
}

async function fromFolder(ctx: ImportContext, variant: CifarVariant): Promise<CifarSources> {
  const list = async (dir: string): Promise<string[]> =>
    readdir(dir).catch(async (err: unknown) => {
      throw await unreadable(err, dir, ctx.rootName);
    });
  let names = await list(ctx.root);
  let prefix = '';
  const sub = variant === 'cifar10' ? 'cifar-10-batches-bin' : 'cifar-100-binary';
  if (names.includes(sub) && !names.some((n) => PATTERNS[variant].train.test(n))) {
    prefix = `${sub}/`;
    names = await list(join(ctx.root, sub));
  }
  const { train, test } = PATTERNS[variant];
  const open = (n: string): Promise<RecordFile> => diskFile(ctx, join(ctx.root, prefix, n), `${prefix}${n}`);
  const meta = new Map<string, Uint8Array>();
  for (const n of names.filter((x) => META.test(x))) {
    const src = await openSource(join(ctx.root, prefix, n), `${prefix}${n}`, ctx.limits);
    if (!src.gzip && src.size <= MAX_META_BYTES) meta.set(n, (await readContent(src, ctx.limits)).bytes);
  }
  const testName = names.find((n) => test.test(n));
  return {
    train: await Promise.all(names.filter((n) => train.test(n)).map(open)),
    test: testName ? await open(testName) : undefined,
    meta,
  };
}

async function sources(ctx: ImportContext, variant: CifarVariant): Promise<CifarSources> {
  const st = await stat(ctx.root).catch(async (err: unknown) => {
    throw await unreadable(err, ctx.root, ctx.rootName);
  });
  if (st.isDirectory()) return fromFolder(ctx, variant);
  if (isArchive(ctx.rootName)) return fromArchive(ctx, variant);
  return { train: [await diskFile(ctx, ctx.root, ctx.rootName)], test: undefined, meta: new Map() };
}

function classNames(variant: CifarVariant, label: 'fine' | 'coarse', meta: Map<string, Uint8Array>): string[] {
  const n = cifarClasses(variant, label);
  const file = variant === 'cifar10' ? 'batches.meta.txt' : `${label}_label_names.txt`;
  const bytes = meta.get(file);
  if (bytes) {
    try {
      const names = decodeTextLines(bytes, file).map((l) => l.trim()).filter((l) => l.length > 0);
      if (names.length === n) return names;
    } catch {
      // A damaged names file only costs the names; the numeric fallback below is still correct.
    }
  }
  return variant === 'cifar10' ? [...CIFAR10_CLASS_NAMES] : Array.from({ length: n }, (_, i) => String(i));
}

const CHUNK_RECORDS = 1000;

/**
 * Read `file` in chunks of whole records (16,000 = 49 MB, one buffer reused) and check every label before
 * anything is converted, so a bad label at the end of a 200 MB file is refused in one read pass.
 */
async function scanLabels(file: RecordFile, variant: CifarVariant): Promise<void> {
  const record = cifarRecordBytes(variant);
  const count = file.size / record;
  const step = 16 * CHUNK_RECORDS;
  const buffer = new Uint8Array(Math.min(step, count) * record);
  for (let first = 0; first < count; first += step) {
    const bytes = await file.read(first * record, Math.min(step, count - first) * record, buffer);
    checkCifarLabels(bytes.subarray(0, Math.floor(bytes.length / record) * record), file.name, variant, first);
  }
}

/** Decode `file` chunk by chunk and hand each chunk's image set to `sink`. */
async function eachChunk(
  ctx: ImportContext,
  file: RecordFile,
  variant: CifarVariant,
  sink: (set: { pixels: Uint8Array; labels: Uint8Array; count: number }, first: number) => Promise<void>,
): Promise<void> {
  const record = cifarRecordBytes(variant);
  const count = file.size / record;
  for (let first = 0; first < count; first += CHUNK_RECORDS) {
    const n = Math.min(CHUNK_RECORDS, count - first);
    const bytes = await file.read(first * record, n * record);
    if (bytes.length !== n * record) {
      throw dataError('DATASET_UNREADABLE', file.name, `shrank while being read (record ${first + bytes.length / record})`);
    }
    const records = decodeCifar(bytes, file.name, variant, first);
    const labels = variant === 'cifar100' && ctx.options.cifar100Label === 'coarse' ? records.coarseLabels! : records.labels;
    await sink({ pixels: records.images, labels, count: n }, first);
    ctx.onProgress({ file: file.name, done: first + n, total: count, unit: 'records' });
  }
}

export async function importCifar(ctx: ImportContext, variant: CifarVariant): Promise<Converted> {
  const found = await sources(ctx, variant);
  if (found.train.length === 0) {
    const expected = variant === 'cifar10' ? 'data_batch_1.bin … data_batch_5.bin' : 'train.bin';
    throw dataError('DATASET_MISSING_FILE', ctx.rootName, `has no ${expected}: nothing to train on`);
  }
  found.train.sort((a, b) => batchOrder(variant, a.name) - batchOrder(variant, b.name));
  // Every size is checked before any record is read.
  const counts = found.train.map((f) => cifarRecordCount(f.size, f.name, variant));
  if (found.test) cifarRecordCount(found.test.size, found.test.name, variant);
  for (const file of [...found.train, ...(found.test ? [found.test] : [])]) await scanLabels(file, variant);
  const total = counts.reduce((a, b) => a + b, 0);
  const mask = trainValidationMask(ctx, total, found.train[0]!.name);
  const label = ctx.options.cifar100Label;
  const numClasses = cifarClasses(variant, label);
  const shape = { height: CIFAR_SIDE, width: CIFAR_SIDE, channels: 3 };
  const outputs: { train: ImageSplitOutput; valid: ImageSplitOutput; test: ImageSplitOutput | undefined } = {
    train: await ImageSplitOutput.open(ctx.staging, 'train', shape, numClasses),
    valid: await ImageSplitOutput.open(ctx.staging, 'valid', shape, numClasses),
    test: found.test ? await ImageSplitOutput.open(ctx.staging, 'test', shape, numClasses) : undefined,
  };
  let offset = 0;
  for (const [i, file] of found.train.entries()) {
    await eachChunk(ctx, file, variant, (set, first) =>
      routeImages({ ...set, ...shape }, mask, offset + first, outputs.train, outputs.valid),
    );
    offset += counts[i]!;
  }
  if (found.test && outputs.test) {
    const test = outputs.test;
    await eachChunk(ctx, found.test, variant, (set) => test.append(set.pixels, set.labels));
  }
  for (const file of [...found.train, ...(found.test ? [found.test] : [])]) {
    if (file.scratch !== undefined) await ctx.staging.removeFile(file.scratch);
  }
  return finishImageDataset(ctx, outputs, {
    format: variant,
    classNames: classNames(variant, label, found.meta),
    shape,
    validation: { from: 'train', seed: ctx.options.seed, count: outputs.valid.count },
  });
}
