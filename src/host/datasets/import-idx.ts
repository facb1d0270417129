/**
 * Import an MNIST-layout folder (MNIST, Fashion-MNIST, KMNIST): train-images-idx3-ubyte and
 * train-labels-idx1-ubyte, optionally the t10k-* test pair, each raw or gzip. All four headers are read
 * and cross-checked (type, rank, dims cap, length from the file size, image/label counts, gzip ratio)
 * before any payload is read, so most broken folders are refused in milliseconds.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dataError } from '../../core/data/data-error';
import { IDX_MAX_HEADER_BYTES, checkIdxLength, decodeIdx, parseIdxHeader } from '../../core/data/idx';
import type { IdxExpectation, IdxHeader, IdxTensor } from '../../core/data/idx';
import { IDX_IMAGES, IDX_LABELS, checkIdxPair, idxImageSet } from '../../core/data/idx-image-set';
import { checkLabels } from '../../core/data/image-set';
import type { ImageSet } from '../../core/data/image-set';
import { ImageSplitOutput, routeImages } from './image-output';
import { finishImageDataset, trainValidationMask } from './import-context';
import type { Converted, ImportContext } from './import-context';
import { unreadable } from './file-errors';
import { openSource, readContent, readHead } from './source-file';
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

async function readIdx(ctx: ImportContext, file: IdxFile): Promise<IdxTensor> {
  const total = file.header.headerBytes + file.header.payloadBytes;
  const { bytes, more } = await readContent(file.src, ctx.limits, { expected: total, onProgress: ctx.onProgress });
  checkIdxLength(file.header, more ? total + 1 : bytes.length, file.src.name, more);
  return decodeIdx(bytes, file.src.name, file.expect);
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
  checkSize(ctx, pair.images);
  checkSize(ctx, pair.labels);
  return pair;
}

async function readPair(ctx: ImportContext, pair: { images: IdxFile; labels: IdxFile }): Promise<ImageSet> {
  // Labels first: they are small, and a bad label is then refused before 47 MB of pixels are read.
  const labels = await readIdx(ctx, pair.labels);
  const files = { images: pair.images.src.name, labels: pair.labels.src.name };
  checkLabels(labels.payload, ctx.options.numClasses, files.labels, 'IDX_BAD_LABEL');
  return idxImageSet(await readIdx(ctx, pair.images), labels, files, ctx.options.numClasses);
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
  const train = await readPair(ctx, trainPair);
  const mask = trainValidationMask(ctx, train.count, trainPair.images.src.name);
  const outputs = {
    train: await ImageSplitOutput.open(ctx.staging, 'train', shape, numClasses),
    valid: await ImageSplitOutput.open(ctx.staging, 'valid', shape, numClasses),
    test: testPair ? await ImageSplitOutput.open(ctx.staging, 'test', shape, numClasses) : undefined,
  };
  await routeImages(train, mask, 0, outputs.train, outputs.valid);
  if (testPair && outputs.test) {
    const test = await readPair(ctx, testPair);
    await outputs.test.append(test.pixels, test.labels);
  }
  return finishImageDataset(ctx, outputs, {
    format: 'idx',
    classNames,
    shape,
    validation: { from: 'train', seed: ctx.options.seed, count: outputs.valid.count },
  });
}
