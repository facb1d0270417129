/**
 * A labelled set of same-sized uint8 images in NHWC order, the shape every image format is normalised to
 * (IDX, CIFAR, image folders), and the label check they share.
 */
import type { DatasetErrorCode } from '../../shared/dataset';
import { dataError } from './data-error';

export interface ImageSet {
  count: number;
  height: number;
  width: number;
  channels: number;
  /** count × height × width × channels bytes. */
  pixels: Uint8Array;
  /** count class indices. */
  labels: Uint8Array;
}

/**
 * Throw `code` naming the first label outside 0 … numClasses − 1. `firstIndex` numbers the first label,
 * so a file read in chunks still names the right record.
 */
export function checkLabels(
  labels: Uint8Array,
  numClasses: number,
  file: string,
  code: DatasetErrorCode,
  firstIndex = 0,
): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label >= numClasses) {
      throw dataError(
        code,
        file,
        `label ${label} of record ${firstIndex + i} is outside 0-${numClasses - 1} (${numClasses} classes)`,
      );
    }
  }
}
