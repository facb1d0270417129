/**
 * CIFAR-10 and CIFAR-100, binary version (Krizhevsky, "Learning Multiple Layers of Features from Tiny
 * Images", 2009; layout as described on the dataset page): a file is a run of fixed-size records with no
 * header. A CIFAR-10 record is 1 label byte then 3072 pixel bytes; a CIFAR-100 record is a coarse label
 * byte, a fine label byte, then the pixels. Pixels are planar: 1024 red, 1024 green, 1024 blue, each a
 * 32 × 32 image row-major. Decoding transposes them to NHWC, the layout of the normalised format.
 */
import { dataError } from './data-error';

export type CifarVariant = 'cifar10' | 'cifar100';

export const CIFAR_SIDE = 32;

/** CIFAR-10's class names in label order, as in the archive's batches.meta.txt. */
export const CIFAR10_CLASS_NAMES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
const PIXEL_BYTES = 3 * PLANE;

const VARIANTS: Record<CifarVariant, { labelBytes: number; name: string; classes: number; coarse: number }> = {
  cifar10: { labelBytes: 1, name: 'CIFAR-10', classes: 10, coarse: 0 },
  cifar100: { labelBytes: 2, name: 'CIFAR-100', classes: 100, coarse: 20 },
};

/** Bytes per record: 3073 for CIFAR-10, 3074 for CIFAR-100. */
export function cifarRecordBytes(variant: CifarVariant): number {
  return VARIANTS[variant].labelBytes + PIXEL_BYTES;
}

/** Number of classes: 10, or 100 fine / 20 coarse for CIFAR-100. */
export function cifarClasses(variant: CifarVariant, label: 'fine' | 'coarse' = 'fine'): number {
  return variant === 'cifar100' && label === 'coarse' ? VARIANTS.cifar100.coarse : VARIANTS[variant].classes;
}

/**
 * The number of records in a file of `byteLength` bytes, checked before anything is read: an empty file
 * is DATASET_EMPTY_FILE, a size that is not a whole number of records is CIFAR_BAD_SIZE.
 */
export function cifarRecordCount(byteLength: number, file: string, variant: CifarVariant): number {
  const { name } = VARIANTS[variant];
  const record = cifarRecordBytes(variant);
  if (byteLength === 0) throw dataError('DATASET_EMPTY_FILE', file, 'the file is empty (0 bytes)');
  const whole = Math.floor(byteLength / record);
  const over = byteLength - whole * record;
  if (over !== 0) {
    throw dataError(
      'CIFAR_BAD_SIZE',
      file,
      `size ${byteLength} bytes is not a multiple of the ${record}-byte ${name} record ` +
        `(${whole} whole record${whole === 1 ? '' : 's'}, then ${over} byte${over === 1 ? '' : 's'} of a truncated one)`,
    );
  }
  return whole;
}

export interface CifarRecords {
  variant: CifarVariant;
  count: number;
  /** The CIFAR-10 label, or the CIFAR-100 fine label. */
  labels: Uint8Array;
  /** CIFAR-100 only: the coarse (superclass) label. */
  coarseLabels: Uint8Array | undefined;
  /** count × 32 × 32 × 3 bytes, NHWC. */
  images: Uint8Array;
}

/**
 * Check the label bytes of whole records (CIFAR_BAD_LABEL names the first bad one) without touching the
 * pixels: a scan over a 180 MB file is a few milliseconds, so a bad label is refused before anything is
 * converted. `firstRecord` numbers the first record, for files read in chunks.
 */
export function checkCifarLabels(bytes: Uint8Array, file: string, variant: CifarVariant, firstRecord = 0): void {
  const { labelBytes, classes, coarse, name } = VARIANTS[variant];
  const record = labelBytes + PIXEL_BYTES;
  const count = cifarRecordCount(bytes.length, file, variant);
  const bad = (r: number, what: string, value: number, range: number, byte: number): Error =>
    dataError(
      'CIFAR_BAD_LABEL',
      file,
      `${what} ${value} of record ${firstRecord + r} (byte ${(firstRecord + r) * record + byte}) is outside 0-${range - 1} for ${name}`,
    );
  for (let r = 0; r < count; r++) {
    const at = r * record;
    if (labelBytes === 2 && bytes[at]! >= coarse) throw bad(r, 'coarse label', bytes[at]!, coarse, 0);
    const label = bytes[at + labelBytes - 1]!;
    if (label >= classes) throw bad(r, labelBytes === 2 ? 'fine label' : 'label', label, classes, labelBytes - 1);
  }
}

/**
 * Decode whole records. `firstRecord` is the index of the first record in its file, so that a file read
 * in chunks still names the right record in an error (CIFAR_BAD_LABEL).
 */
export function decodeCifar(bytes: Uint8Array, file: string, variant: CifarVariant, firstRecord = 0): CifarRecords {
  const { labelBytes } = VARIANTS[variant];
  const record = labelBytes + PIXEL_BYTES;
  const count = cifarRecordCount(bytes.length, file, variant);
  checkCifarLabels(bytes, file, variant, firstRecord);
  const labels = new Uint8Array(count);
  const coarseLabels = variant === 'cifar100' ? new Uint8Array(count) : undefined;
  const images = new Uint8Array(count * PIXEL_BYTES);
  for (let r = 0; r < count; r++) {
    if (coarseLabels) coarseLabels[r] = bytes[r * record]!;
    labels[r] = bytes[r * record + labelBytes - 1]!;
  }
  for (let r = 0; r < count; r++) {
    const out = r * PIXEL_BYTES;
    const px = r * record + labelBytes;
    for (let p = 0; p < PLANE; p++) {
      images[out + 3 * p] = bytes[px + p]!;
      images[out + 3 * p + 1] = bytes[px + PLANE + p]!;
      images[out + 3 * p + 2] = bytes[px + 2 * PLANE + p]!;
    }
  }
  return { variant, count, labels, coarseLabels, images };
}

/** The file bytes of decoded records; `encodeCifar(decodeCifar(x))` equals `x` byte for byte. */
export function encodeCifar(records: CifarRecords): Uint8Array {
  const { variant, count, labels, coarseLabels, images } = records;
  const { labelBytes } = VARIANTS[variant];
  const record = labelBytes + PIXEL_BYTES;
  if (labels.length !== count || images.length !== count * PIXEL_BYTES) {
    throw new RangeError(`${count} records need ${count} labels and ${count * PIXEL_BYTES} pixel bytes`);
  }
  if (variant === 'cifar100' && coarseLabels?.length !== count) {
    throw new RangeError(`CIFAR-100 needs ${count} coarse labels`);
  }
  const out = new Uint8Array(count * record);
  for (let r = 0; r < count; r++) {
    const base = r * record;
    if (coarseLabels) out[base] = coarseLabels[r]!;
    out[base + labelBytes - 1] = labels[r]!;
    const src = r * PIXEL_BYTES;
    const px = base + labelBytes;
    for (let p = 0; p < PLANE; p++) {
      out[px + p] = images[src + 3 * p]!;
      out[px + PLANE + p] = images[src + 3 * p + 1]!;
      out[px + 2 * PLANE + p] = images[src + 3 * p + 2]!;
    }
  }
  return out;
}
