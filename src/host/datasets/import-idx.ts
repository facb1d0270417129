/**
 * Import an MNIST-layout folder (MNIST, Fashion-MNIST, KMNIST): train-images-idx3-ubyte and
 * train-labels-idx1-ubyte, optionally the t10k-* test pair, each raw or gzip. All four headers are read
 * and cross-checked (type, rank, dims cap, length from the file size, image/label counts, gzip ratio)
 * before any payload is read, so most broken folders are refused in milliseconds, as is one that declares
 * more images than the cap (`maxImages`), before anything is allocated for it.
 *
 * Memory stays bounded whatever the file declares: the labels (one byte per image, so at most `maxImages`
 * bytes) are read whole and checked first, then the images stream through a 4 MiB buffer of whole images
 * straight into the staging files, never held whole (a 1 MB .gz that expands to a gigabyte costs 4 MiB).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dataError } from '../../core/data/data-error';
import { IDX_MAX_HEADER_BYTES, checkIdxLength, decodeIdx, parseIdxHeader } from '../../core/data/idx';
import type { IdxExpectation, IdxHeader } from '../../core/data/idx';
import { IDX_IMAGES, IDX_LABELS, checkIdxPair } from '../../core/data/idx-image-set';
import { checkLabels } from '../../core/data/image-set';
import { ImageSplitOutput, routeImages } from './image-output';
import { finishImageDataset, trainValidationMask } from './import-context';
import type { Converted, ImportContext } from './import-context';
import { unreadable } from './file-errors';
import { contentChunks, openSource, readContent, readHead } from './source-file';
import type { SourceFile } from './source-file';

const ROLES = {
  trainImages: /^train-images[.-]idx3-ubyte(\.gz)?$/,
  trainLabels: /^train-labels[.-]idx1-ubyte(\.gz)?$/,
  testImages: /^t10k-images[.-]idx3-ubyte(\.gz)?$/,
  testLabels: /^t10k-labels[.-]idx1-ubyte(\.gz)?$/,
} as const;

type Role = keyof typeof ROLES;

/** True when a folder listing looks like the MNIST layout. */
export function looksLikeIdx(names: readonly string[]): boolean {
  return names.some((n) => ROLES.trainImages.test(n) || ROLES.trainLabels.test(n));
}

interface IdxFile {
  src: SourceFile;
  header: IdxHeader;
  expect: IdxExpectation;
}

async function openIdx(ctx: ImportContext, name: string, expect: IdxExpectation): Promise<IdxFile> {
  const src = await openSource(join(ctx.root, name), name, ctx.limits);
  const full = { ...expect, maxPayloadBytes: ctx.limits.maxFileBytes };
  const header = parseIdxHeader(await readHead(src, IDX_MAX_HEADER_BYTES, ctx.limits), name, full);
  return { src, header, expect: full };
}

/** The length check a header allows without reading the payload: file size, or the gzip ratio it implies. */
function checkSize(ctx: ImportContext, { src, header }: IdxFile): void {
  const total = header.headerBytes + header.payloadBytes;
  if (!src.gzip) {
    checkIdxLength(header, src.size, src.name);
  } else if (total > ctx.limits.maxGzipRatio * src.size) {
    throw dataError(
      'DATASET_GZIP_BOMB',
      src.name,
      `the header declares ${total} bytes from ${src.size} compressed bytes, over the ${ctx.limits.maxGzipRatio}:1 ratio cap`,
    );
  }
}

/** Bytes of whole images passed on at once while streaming (the only pixel memory an import holds). */
const IMAGE_CHUNK_BYTES = 4 << 20;

/** The labels file whole: at most `maxImages` bytes, since its count equals the images' (checked before). */
async function readLabels(ctx: ImportContext, file: IdxFile): Promise<Uint8Array> {
  const total = file.header.headerBytes + file.header.payloadBytes;
  const { bytes, more } = await readContent(file.src, ctx.limits, { expected: total, onProgress: ctx.onProgress });
  checkIdxLength(file.header, more ? total + 1 : bytes.length, file.src.name, more);
  return decodeIdx(bytes, file.src.name, file.expect).payload;
}

/**
 * The images of an IDX file in chunks of whole images, read as the content streams in. The length is checked
 * as it goes: a file that runs past the header's promise is IDX_TRAILING_BYTES at the first extra byte, one
 * that ends early is IDX_TRUNCATED. A yielded chunk is reused once the consumer asks for the next.
 */
async function* imageChunks(ctx: ImportContext, file: IdxFile): AsyncGenerator<{ pixels: Uint8Array; first: number }> {
  const { header, src } = file;
  const imageBytes = header.dims.slice(1).reduce((a, b) => a * b, 1);
  const buffer = new Uint8Array(Math.max(1, Math.floor(IMAGE_CHUNK_BYTES / imageBytes)) * imageBytes);
  const total = header.headerBytes + header.payloadBytes;
  let skip = header.headerBytes;
  let seen = 0;
  let filled = 0;
  let first = 0;
  for await (const raw of contentChunks(src, ctx.limits, ctx.onProgress)) {
    let chunk = raw;
    if (skip > 0) {
      const dropped = Math.min(skip, chunk.length);
      chunk = chunk.subarray(dropped);
      skip -= dropped;
    }
    while (chunk.length > 0) {
      if (seen === header.payloadBytes) checkIdxLength(header, total + 1, src.name, true);
      const take = Math.min(chunk.length, buffer.length - filled, header.payloadBytes - seen);
      buffer.set(chunk.subarray(0, take), filled);
      filled += take;
      seen += take;
      chunk = chunk.subarray(take);
      if (filled === buffer.length) {
        yield { pixels: buffer, first };
        first += filled / imageBytes;
        filled = 0;
      }
    }
  }
  checkIdxLength(header, header.headerBytes + seen, src.name);
  if (filled > 0) yield { pixels: buffer.subarray(0, filled), first };
}

function pick(names: readonly string[], role: Role): string | undefined {
  const found = names.filter((n) => ROLES[role].test(n)).sort();
  return found.find((n) => !n.endsWith('.gz')) ?? found[0];
}

async function openPair(ctx: ImportContext, names: readonly string[], split: 'train' | 't10k') {
  const images = pick(names, split === 'train' ? 'trainImages' : 'testImages');
  const labels = pick(names, split === 'train' ? 'trainLabels' : 'testLabels');
  if (!images && !labels && split === 't10k') return undefined;
  if (!images || !labels) {
    const missing = !images ? `${split}-images-idx3-ubyte` : `${split}-labels-idx1-ubyte`;
    throw dataError(
      'DATASET_MISSING_FILE',
      ctx.rootName,
      `has no ${missing}[.gz]; an MNIST-layout folder needs train-images-idx3-ubyte and train-labels-idx1-ubyte (raw or .gz), and t10k-* for a test split`,
    );
  }
  const pair = { images: await openIdx(ctx, images, IDX_IMAGES), labels: await openIdx(ctx, labels, IDX_LABELS) };
  checkIdxPair(pair.images.header, pair.labels.header, { images, labels });
  const count = pair.images.header.dims[0]!;
  if (count > ctx.limits.maxImages) {
    throw dataError('DATASET_TOO_LARGE', images, `the header declares ${count} images, over the ${ctx.limits.maxImages}-image cap`);
  }
  checkSize(ctx, pair.images);
  checkSize(ctx, pair.labels);
  return pair;
}

type IdxPair = { images: IdxFile; labels: IdxFile };

/**
 * Streams a pair's images with their labels to `visit`, `first` being the index of a chunk's first image.
 * Labels first: they are small, and a bad label is then refused before 47 MB of pixels are read.
 */
async function streamPair(ctx: ImportContext, pair: IdxPair, visit: (pixels: Uint8Array, labels: Uint8Array, first: number) => Promise<void>): Promise<void> {
  const labels = await readLabels(ctx, pair.labels);
  checkLabels(labels, ctx.options.numClasses, pair.labels.src.name, 'IDX_BAD_LABEL');
  const imageBytes = pair.images.header.dims.slice(1).reduce((a, b) => a * b, 1);
  for await (const { pixels, first } of imageChunks(ctx, pair.images)) {
    await visit(pixels, labels.subarray(first, first + pixels.length / imageBytes), first);
  }
}

export async function importIdx(ctx: ImportContext): Promise<Converted> {
  const names = await readdir(ctx.root).catch(async (err: unknown) => {
    throw await unreadable(err, ctx.root, ctx.rootName);
  });
  const { numClasses } = ctx.options;
  const classNames = ctx.options.classNames ?? Array.from({ length: numClasses }, (_, i) => String(i));
  if (classNames.length !== numClasses) {
    throw dataError('DATASET_BAD_OPTIONS', ctx.rootName, `${classNames.length} class names given for ${numClasses} classes`);
  }
  const trainPair = (await openPair(ctx, names, 'train'))!;
  const testPair = await openPair(ctx, names, 't10k');
  const [, height, width] = trainPair.images.header.dims as [number, number, number];
  if (testPair && (testPair.images.header.dims[1] !== height || testPair.images.header.dims[2] !== width)) {
    throw dataError(
      'IDX_BAD_DIMS',
      testPair.images.src.name,
      `images are ${testPair.images.header.dims.slice(1).join('×')}, the training images are ${height}×${width}`,
    );
  }
  const shape = { height, width, channels: 1 };
  const mask = trainValidationMask(ctx, trainPair.images.header.dims[0]!, trainPair.images.src.name);
  const outputs = {
    train: await ImageSplitOutput.open(ctx.staging, 'train', shape, numClasses),
    valid: await ImageSplitOutput.open(ctx.staging, 'valid', shape, numClasses),
    test: testPair ? await ImageSplitOutput.open(ctx.staging, 'test', shape, numClasses) : undefined,
  };
  await streamPair(ctx, trainPair, (pixels, labels, first) =>
    routeImages({ count: labels.length, ...shape, pixels, labels }, mask, first, outputs.train, outputs.valid),
  );
  const testOutput = outputs.test;
  if (testPair && testOutput) await streamPair(ctx, testPair, (pixels, labels) => testOutput.append(pixels, labels));
  return finishImageDataset(ctx, outputs, {
    format: 'idx',
    classNames,
    shape,
    validation: { from: 'train', seed: ctx.options.seed, count: outputs.valid.count },
  });
}
