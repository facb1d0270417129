import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASET_ERROR_CODES, EnasError } from '../../shared/errors';
import { IDX_MAX_HEADER_BYTES, checkIdxLength, decodeIdx, encodeIdx, parseIdxHeader } from './idx';
import type { IdxTensor, IdxType } from './idx';

// Property runs (docs/reliability.md T3.2): committed seeds, plus one fresh seed per run, printed so that a
// failure can be replayed with FC_SEED=<seed>.
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`idx properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [42, 20180212, FRESH_SEED];
const RUNS = 1000;

const SIZES: Record<IdxType, number> = { ubyte: 1, sbyte: 1, short: 2, int: 4, float: 4, double: 8 };
const TYPES = Object.keys(SIZES) as IdxType[];

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

function header(bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

function errorOf(fn: () => unknown): EnasError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

/** A valid IDX tensor: 1–4 small dims, any payload bytes (NaN payloads included). */
const tensorArb: fc.Arbitrary<IdxTensor> = fc
  .record({ type: fc.constantFrom(...TYPES), dims: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }) })
  .chain(({ type, dims }) =>
    fc
      .uint8Array({ minLength: dims.reduce((p, d) => p * d, SIZES[type]), maxLength: dims.reduce((p, d) => p * d, SIZES[type]) })
      .map((payload) => ({ type, dims, payload })),
  );

describe('IDX parser', () => {
  it('names the file and says expected vs received for a bad magic, in the documented style', () => {
    const gz = header([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 1]);
    const err = errorOf(() => parseIdxHeader(gz, 'train-images-idx3-ubyte.gz', { type: 'ubyte', rank: 3 }));
    expect(err.code).toBe('IDX_BAD_MAGIC');
    expect(err.message).toBe('IDX_BAD_MAGIC: train-images-idx3-ubyte.gz: expected 0x00000803, got 0x1F8B0808');
    expect(err.detail).toEqual({ file: 'train-images-idx3-ubyte.gz' });
  });

  it('refuses an unknown type byte and lists the valid ones', () => {
    const err = errorOf(() => parseIdxHeader(header([0, 0, 0x0a, 1, 0, 0, 0, 1]), 'x'));
    expect(err.code).toBe('IDX_BAD_TYPE');
    expect(err.message).toContain('type byte 0x0A');
    expect(err.message).toContain('0x08 ubyte');
  });

  it('refuses 0 and more than 4 dimensions', () => {
    expect(errorOf(() => parseIdxHeader(header([0, 0, 8, 0]), 'x')).code).toBe('IDX_BAD_RANK');
    expect(errorOf(() => parseIdxHeader(header([0, 0, 8, 5, ...new Array(20).fill(1)]), 'x')).code).toBe('IDX_BAD_RANK');
  });

  it('refuses a labels file where an images file is expected (rank 1 instead of 3)', () => {
    const err = errorOf(() => parseIdxHeader(header([0, 0, 8, 1, 0, 0, 0xea, 0x60]), 'train-images-idx3-ubyte', { type: 'ubyte', rank: 3 }));
    expect(err.code).toBe('IDX_BAD_RANK');
    expect(err.message).toContain('expected 0x00000803 (3 dimensions), got 0x00000801');
  });

  it('refuses float images where ubyte is expected', () => {
    const err = errorOf(() => parseIdxHeader(header([0, 0, 0x0d, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), 'f', { type: 'ubyte', rank: 3 }));
    expect(err.code).toBe('IDX_BAD_TYPE');
  });

  it('refuses a zero dimension, and dims whose product overflows 2^53 or passes the cap, from the header alone', () => {
    expect(errorOf(() => parseIdxHeader(header([0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 0]), 'x')).code).toBe('IDX_BAD_DIMS');
    const huge = header([0, 0, 0x0e, 4, ...new Array(16).fill(0xff)]);
    const overflow = errorOf(() => parseIdxHeader(huge, 'x', { maxPayloadBytes: 2 ** 60 }));
    expect(overflow.code).toBe('IDX_BAD_DIMS');
    expect(overflow.message).toContain('4294967295×4294967295×4294967295×4294967295');
    const capped = errorOf(() => parseIdxHeader(header([0, 0, 8, 1, 0, 0, 0x10, 0x01]), 'x', { maxPayloadBytes: 4096 }));
    expect(capped.code).toBe('IDX_BAD_DIMS');
  });

  it('refuses a truncated header, a short payload and a long payload, saying how many bytes', () => {
    expect(errorOf(() => decodeIdx(header([0, 0]), 'x')).code).toBe('IDX_TRUNCATED');
    expect(errorOf(() => decodeIdx(header([0, 0, 8, 3, 0, 0, 0, 1]), 'x')).code).toBe('IDX_TRUNCATED');
    const ok = encodeIdx({ type: 'ubyte', dims: [2, 3], payload: new Uint8Array(6) });
    const short = errorOf(() => decodeIdx(ok.subarray(0, ok.length - 1), 'x'));
    expect(short.code).toBe('IDX_TRUNCATED');
    expect(short.message).toContain('payload is 5 bytes, the header promises 6');
    const long = errorOf(() => decodeIdx(Uint8Array.from([...ok, 0]), 'x'));
    expect(long.code).toBe('IDX_TRAILING_BYTES');
    expect(long.message).toContain('payload is 7 bytes');
  });

  it('reports a lower bound for a stream stopped past the expected length', () => {
    const h = parseIdxHeader(header([0, 0, 8, 1, 0, 0, 0, 4]), 'x');
    expect(errorOf(() => checkIdxLength(h, 13, 'x', true)).message).toContain('more than 4 bytes');
  });

  it('refuses an empty file as empty', () => {
    expect(errorOf(() => decodeIdx(new Uint8Array(0), 'x')).code).toBe('DATASET_EMPTY_FILE');
  });

  it('decodes an MNIST-shaped header and keeps the payload as a view', () => {
    const file = encodeIdx({ type: 'ubyte', dims: [2, 2, 2], payload: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) });
    expect(Array.from(file.subarray(0, 4))).toEqual([0, 0, 8, 3]);
    const t = decodeIdx(file, 'x', { type: 'ubyte', rank: 3 });
    expect(t.dims).toEqual([2, 2, 2]);
    expect(t.payload[7]).toBe(8);
    expect(t.payload.buffer).toBe(file.buffer);
  });

  it('(a) turns any byte string into a tensor or a typed dataset error, never another exception', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          try {
            const t = decodeIdx(bytes, 'fuzz', { maxPayloadBytes: 1 << 16 });
            expect(same(encodeIdx(t), bytes)).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(EnasError);
            expect(DATASET_ERROR_CODES).toContain((err as EnasError).code);
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(a) also for bytes that start with a plausible header', () => {
    const plausible = fc
      .tuple(fc.constantFrom(0, 0, 1), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: 40 }))
      .map(([b1, type, nd, rest]) => Uint8Array.from([0, b1, type, nd, ...rest]));
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(plausible, (bytes) => {
          try {
            decodeIdx(bytes, 'fuzz');
          } catch (err) {
            expect(DATASET_ERROR_CODES).toContain((err as EnasError).code);
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(b) round-trips: encodeIdx(decodeIdx(x)) equals x for every valid file x, and decode(encode(t)) equals t', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(tensorArb, (t) => {
          const bytes = encodeIdx(t);
          const back = decodeIdx(bytes, 'rt');
          expect([back.type, back.dims]).toEqual([t.type, t.dims]);
          expect(same(back.payload, t.payload)).toBe(true);
          expect(same(encodeIdx(back), bytes)).toBe(true);
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(c) rejects every single-byte change of the magic bytes 0-1 and of the dimensions; a changed type or rank byte is rejected unless it makes another valid file, which then decodes consistently', () => {
    const mutation = tensorArb.chain((t) => {
      const bytes = encodeIdx(t);
      const headerBytes = 4 + 4 * t.dims.length;
      return fc.record({
        t: fc.constant(t),
        bytes: fc.constant(bytes),
        at: fc.integer({ min: 0, max: headerBytes - 1 }),
        value: fc.integer({ min: 0, max: 255 }),
      });
    });
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(mutation, ({ bytes, at, value }) => {
          fc.pre(bytes[at] !== value);
          const mutated = Uint8Array.from(bytes);
          mutated[at] = value;
          let decoded: IdxTensor | undefined;
          try {
            decoded = decodeIdx(mutated, 'mut', { maxPayloadBytes: 1 << 20 });
          } catch (err) {
            expect(DATASET_ERROR_CODES).toContain((err as EnasError).code);
          }
          if (at < 2 || at >= 4) {
            // Magic bytes 0-1 must be zero; a changed dimension changes prod(dims), so the length no
            // longer matches (dims are ≥ 1, so the product cannot stay the same).
            expect(decoded).toBeUndefined();
          } else if (decoded) {
            // e.g. int ↔ float (both 4 bytes), or a rank change whose new dims happen to fit the length.
            expect(same(encodeIdx(decoded), mutated)).toBe(true);
            expect(decoded.type !== decodeIdx(bytes, 'orig').type || decoded.dims.length !== bytes[3]).toBe(true);
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('needs only the first IDX_MAX_HEADER_BYTES bytes to check a header', () => {
    const file = encodeIdx({ type: 'ubyte', dims: [3, 2, 2, 1], payload: new Uint8Array(12) });
    expect(parseIdxHeader(file.subarray(0, IDX_MAX_HEADER_BYTES), 'x').payloadBytes).toBe(12);
  });
});
