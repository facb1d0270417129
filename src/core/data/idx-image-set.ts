/**
 * The MNIST layout: an images file (ubyte, N × rows × cols) and a labels file (ubyte, N) that must agree
 * on N. The pair is checked from the two headers first, so a count mismatch (60000 vs 59999) is refused
 * before either payload is read.
 */
import { dataError } from './data-error';
import type { IdxExpectation, IdxHeader, IdxTensor } from './idx';
import { checkLabels } from './image-set';
import type { ImageSet } from './image-set';

export const IDX_IMAGES: IdxExpectation = { type: 'ubyte', rank: 3 };
export const IDX_LABELS: IdxExpectation = { type: 'ubyte', rank: 1 };

export interface IdxFiles {
  images: string;
  labels: string;
}

/** Throw IDX_COUNT_MISMATCH, naming both files, when the headers disagree on the number of examples. */
export function checkIdxPair(images: IdxHeader, labels: IdxHeader, files: IdxFiles): void {
  checkIdxCounts(images.dims[0]!, labels.dims[0]!, files);
}

function checkIdxCounts(n: number, m: number, files: IdxFiles): void {
  if (n !== m) {
    throw dataError(
      'IDX_COUNT_MISMATCH',
      files.labels,
      `has ${m} labels but ${files.images} has ${n} images; the two files must have the same count`,
    );
  }
}

/** The image set of a checked pair; labels must lie in 0 … numClasses − 1 (IDX_BAD_LABEL otherwise). */
export function idxImageSet(images: IdxTensor, labels: IdxTensor, files: IdxFiles, numClasses: number): ImageSet {
  checkIdxCounts(images.dims[0]!, labels.dims[0]!, files);
  checkLabels(labels.payload, numClasses, files.labels, 'IDX_BAD_LABEL');
  const [count, height, width] = images.dims as [number, number, number];
  return { count, height, width, channels: 1, pixels: images.payload, labels: labels.payload };
}
