import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { decodeIdx, encodeIdx, parseIdxHeader } from './idx';
import { IDX_IMAGES, IDX_LABELS, checkIdxPair, idxImageSet } from './idx-image-set';

const files = { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' };

function idxHeader(dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return out;
}

describe('MNIST-layout pair', () => {
  it('refuses 60000 images with 59999 labels from the headers alone, naming both files', () => {
    const images = parseIdxHeader(idxHeader([60000, 28, 28]), files.images, IDX_IMAGES);
    const labels = parseIdxHeader(idxHeader([59999]), files.labels, IDX_LABELS);
    let err: unknown;
    try {
      checkIdxPair(images, labels, files);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnasError);
    expect((err as EnasError).message).toBe(
      'IDX_COUNT_MISMATCH: train-labels-idx1-ubyte: has 59999 labels but train-images-idx3-ubyte has 60000 images; the two files must have the same count',
    );
  });

  it('builds an image set and refuses a label outside the classes', () => {
    const images = decodeIdx(encodeIdx({ type: 'ubyte', dims: [2, 2, 2], payload: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }), files.images);
    const labels = decodeIdx(encodeIdx({ type: 'ubyte', dims: [2], payload: Uint8Array.from([3, 9]) }), files.labels);
    const set = idxImageSet(images, labels, files, 10);
    expect([set.count, set.height, set.width, set.channels]).toEqual([2, 2, 2, 1]);
    expect(set.pixels[4]).toBe(5);
    expect(() => idxImageSet(images, labels, files, 9)).toThrow(/label 9 of record 1 is outside 0-8/);
  });
});
