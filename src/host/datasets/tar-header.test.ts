import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASET_ERROR_CODES, EnasError } from '../../shared/errors';
import { TAR_BLOCK, parseTarHeader, paxPath } from './tar-header';

// Committed seeds plus one fresh seed per run, printed for replay with FC_SEED (docs/reliability.md T3.2).
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`tar-header properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [19, 1988, FRESH_SEED];
const RUNS = 1000;

/** A ustar header as GNU tar writes one (the encoder of the round-trip property). */
function encodeHeader(name: string, size: number, type = '0', prefix = ''): Uint8Array {
  const block = new Uint8Array(TAR_BLOCK);
  const put = (text: string, at: number): void => block.set(Buffer.from(text, 'latin1'), at);
  put(name, 0);
  put('0000644\0', 100);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124);
  put('        ', 148);
  put(type, 156);
  put('ustar\u000000', 257);
  put(prefix, 345);
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof EnasError) return err.code;
    throw err;
  }
}

const nameArb = fc.string({ unit: fc.constantFrom(...'abcdefghij_-./0123456789'), minLength: 1, maxLength: 99 });

describe('tar header', () => {
  it('reads name, size and type, joins the ustar prefix, and sees the end marker', () => {
    expect(parseTarHeader(encodeHeader('data_batch_1.bin', 30_730_000), 'a.tar', 0)).toEqual({ name: 'data_batch_1.bin', size: 30_730_000, type: '0' });
    expect(parseTarHeader(encodeHeader('x.bin', 1, '0', 'cifar-10-batches-bin'), 'a.tar', 0)).toMatchObject({ name: 'cifar-10-batches-bin/x.bin' });
    expect(parseTarHeader(new Uint8Array(TAR_BLOCK), 'a.tar', 0)).toBe('end');
  });

  it('reads GNU base-256 sizes (entries of 8 GiB and more)', () => {
    const block = encodeHeader('big', 0);
    block.fill(0, 124, 136);
    block[124] = 0x80;
    block[131] = 0x02; // 2 × 2^32
    const sum = block.reduce((a, b, i) => a + (i >= 148 && i < 156 ? 0x20 : b), 0);
    block.set(Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `, 'latin1'), 148);
    expect(parseTarHeader(block, 'a.tar', 0)).toMatchObject({ size: 2 * 2 ** 32 });
  });

  it('reads the path of a pax extended header', () => {
    const record = (key: string, value: string): string => {
      const body = ` ${key}=${value}\n`;
      let length = body.length + 2;
      if (`${length}${body}`.length !== length) length += 1;
      return `${length}${body}`;
    };
    expect(paxPath(Buffer.from(record('mtime', '1.5') + record('path', 'a/very/long/name.bin')))).toBe('a/very/long/name.bin');
  });

  it('names the archive and the offset of a damaged header', () => {
    const block = encodeHeader('a', 10);
    block[0] = 0x62;
    let message = '';
    try {
      parseTarHeader(block, 'cifar-10-binary.tar.gz', 1536);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^DATASET_TAR_CORRUPT: cifar-10-binary\.tar\.gz: header at byte 1536 has checksum \d+, its bytes sum to \d+/);
  });

  it('(a) turns any 512 bytes into a header, the end marker, or a typed dataset error', () => {
    const blockArb = fc.oneof(
      fc.uint8Array({ minLength: TAR_BLOCK, maxLength: TAR_BLOCK }),
      fc.uint8Array({ maxLength: TAR_BLOCK + 4 }),
      fc.tuple(nameArb, fc.nat(), fc.integer({ min: 0, max: 511 }), fc.nat(255)).map(([n, size, at, v]) => {
        const b = encodeHeader(n, size);
        b[at] = v;
        return b;
      }),
    );
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(blockArb, (block) => {
          try {
            const h = parseTarHeader(block, 'fuzz.tar', 0);
            if (h !== 'end') expect(Number.isSafeInteger(h.size) && h.size >= 0).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(EnasError);
            expect(DATASET_ERROR_CODES).toContain((err as EnasError).code);
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(b) reads back what was written: name, size and type', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(nameArb, fc.integer({ min: 0, max: 8 ** 11 - 1 }), fc.constantFrom('0', '5', 'L', 'x', '2'), (name, size, type) => {
          expect(parseTarHeader(encodeHeader(name, size, type), 'rt.tar', 0)).toEqual({ name, size, type });
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(c) rejects any single-byte change outside the checksum field; inside it, accepts only a change that keeps the same checksum value', () => {
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(nameArb, fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 511 }), fc.nat(255), (name, size, at, value) => {
          const block = encodeHeader(name, size);
          fc.pre(block[at] !== value);
          const original = parseTarHeader(block, 'orig.tar', 0);
          block[at] = value;
          const code = codeOf(() => parseTarHeader(block, 'mut.tar', 0));
          if (at < 148 || at >= 156) {
            // The unsigned sum moves by the change; the signed one cannot come back to the stored value either.
            expect(code).toBe('DATASET_TAR_CORRUPT');
          } else if (code === undefined) {
            // e.g. the trailing space turned into a NUL: the field still reads as the same octal number.
            expect(parseTarHeader(block, 'mut.tar', 0)).toEqual(original);
          } else {
            expect(code).toBe('DATASET_TAR_CORRUPT');
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });
});
