import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASET_ERROR_CODES, EnasError } from '../../shared/errors';
import { cifarRecordBytes, cifarRecordCount, decodeCifar, encodeCifar } from './cifar';
import type { CifarVariant } from './cifar';

// Committed seeds plus one fresh seed per run, printed for replay with FC_SEED (docs/reliability.md T3.2).
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`cifar properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [7, 20091231, FRESH_SEED];
const RUNS = 1000;

function errorOf(fn: () => unknown): EnasError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

/** Pixels from a 32-bit seed (xorshift32): fast-check draws the seed, so shrinking stays cheap. */
function pixels(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Valid records of either variant: labels in range, any pixels. */
const fileArb = fc
  .record({
    variant: fc.constantFrom<CifarVariant>('cifar10', 'cifar100'),
    seed: fc.integer(),
    labels: fc.array(fc.tuple(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 99 })), { minLength: 1, maxLength: 3 }),
  })
  .map(({ variant, seed, labels }) => {
    const record = cifarRecordBytes(variant);
    const bytes = pixels(seed, labels.length * record);
    labels.forEach(([coarse, fine], r) => {
      if (variant === 'cifar100') bytes[r * record] = coarse;
      bytes[r * record + record - 3073] = variant === 'cifar10' ? fine % 10 : fine;
    });
    return { variant, count: labels.length, bytes };
  });

describe('CIFAR binary parser', () => {
  it('checks the size from the length alone: empty, not a whole number of records', () => {
    expect(errorOf(() => cifarRecordCount(0, 'b.bin', 'cifar10')).code).toBe('DATASET_EMPTY_FILE');
    const err = errorOf(() => cifarRecordCount(3073 * 10 + 5, 'data_batch_1.bin', 'cifar10'));
    expect(err.code).toBe('CIFAR_BAD_SIZE');
    expect(err.message).toBe(
      'CIFAR_BAD_SIZE: data_batch_1.bin: size 30735 bytes is not a multiple of the 3073-byte CIFAR-10 record (10 whole records, then 5 bytes of a truncated one)',
    );
    expect(cifarRecordCount(3074 * 4, 'train.bin', 'cifar100')).toBe(4);
  });

  it('names the record and byte of a label out of range', () => {
    const bytes = new Uint8Array(3073 * 3);
    bytes[3073 * 2] = 10;
    const err = errorOf(() => decodeCifar(bytes, 'data_batch_1.bin', 'cifar10', 100));
    expect(err.code).toBe('CIFAR_BAD_LABEL');
    expect(err.message).toContain('label 10 of record 102 (byte 313446) is outside 0-9');
    const hundred = new Uint8Array(3074);
    hundred[0] = 20;
    expect(errorOf(() => decodeCifar(hundred, 'train.bin', 'cifar100')).message).toContain('coarse label 20');
    hundred[0] = 3;
    hundred[1] = 100;
    expect(errorOf(() => decodeCifar(hundred, 'train.bin', 'cifar100')).message).toContain('fine label 100');
  });

  it('transposes planar RGB to NHWC: the red, green and blue of pixel (row 1, col 2) land together', () => {
    const bytes = new Uint8Array(3073);
    bytes[0] = 4;
    const p = 1 * 32 + 2;
    bytes[1 + p] = 11;
    bytes[1 + 1024 + p] = 22;
    bytes[1 + 2048 + p] = 33;
    const { labels, images } = decodeCifar(bytes, 'x', 'cifar10');
    expect(labels[0]).toBe(4);
    expect(Array.from(images.subarray(3 * p, 3 * p + 3))).toEqual([11, 22, 33]);
  });

  it('(a) turns any byte string into records or a typed dataset error', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(fc.constantFrom<CifarVariant>('cifar10', 'cifar100'), fc.oneof(fc.integer({ min: 0, max: 7000 }), fc.constantFrom(3073, 3074, 6146, 6148)), fc.integer(), fc.uint8Array({ maxLength: 8 }), (variant, n, seed, head) => {
          const bytes = pixels(seed, n);
          bytes.set(head.subarray(0, n));
          try {
            const r = decodeCifar(bytes, 'fuzz', variant);
            expect(r.count * cifarRecordBytes(variant)).toBe(bytes.length);
          } catch (err) {
            expect(err).toBeInstanceOf(EnasError);
            expect(DATASET_ERROR_CODES).toContain((err as EnasError).code);
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(b) round-trips: encodeCifar(decodeCifar(x)) equals x for every valid file', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(fileArb, ({ variant, count, bytes }) => {
          const records = decodeCifar(bytes, 'rt', variant);
          expect(records.count).toBe(count);
          expect(same(encodeCifar(records), bytes)).toBe(true);
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(c) a label byte changed out of range is rejected; changed within range it decodes to the new label and nothing else moves', () => {
    const mutation = fileArb.chain((f) =>
      fc.record({
        f: fc.constant(f),
        r: fc.integer({ min: 0, max: f.count - 1 }),
        coarse: fc.boolean(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
    );
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(mutation, ({ f, r, coarse, value }) => {
          const record = cifarRecordBytes(f.variant);
          const useCoarse = coarse && f.variant === 'cifar100';
          const at = r * record + (useCoarse ? 0 : record - 3073);
          const mutated = Uint8Array.from(f.bytes);
          mutated[at] = value;
          const limit = useCoarse ? 20 : f.variant === 'cifar10' ? 10 : 100;
          if (value >= limit) {
            expect(errorOf(() => decodeCifar(mutated, 'mut', f.variant)).code).toBe('CIFAR_BAD_LABEL');
          } else {
            const before = decodeCifar(f.bytes, 'orig', f.variant);
            const after = decodeCifar(mutated, 'mut', f.variant);
            expect((useCoarse ? after.coarseLabels! : after.labels)[r]).toBe(value);
            expect(same(after.images, before.images)).toBe(true);
            expect(same(encodeCifar(after), mutated)).toBe(true);
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });
});
