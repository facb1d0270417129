import process from 'node:process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { decodeTextLines, encodeTextLines } from './utf8-lines';

// Committed seeds plus one fresh seed per run, printed for replay with FC_SEED (docs/reliability.md T3.2).
const FRESH_SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`utf8 properties: fresh fast-check seed ${FRESH_SEED}`);
const SEEDS = [3, 36293, FRESH_SEED];
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

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

describe('strict UTF-8 lines', () => {
  it('splits on \\n only and keeps a trailing empty line, so the bytes come back exactly', () => {
    const bytes = new TextEncoder().encode('a b\r\nc\n\nd é 😀\n');
    const lines = decodeTextLines(bytes, 't.txt');
    expect(lines).toEqual(['a b\r', 'c', '', 'd é 😀', '']);
    expect(encodeTextLines(lines)).toEqual(bytes);
  });

  it('says where invalid UTF-8 is: byte offset, line and column', () => {
    const err = errorOf(() => decodeTextLines(Uint8Array.from([0x61, 0x0a, 0x62, 0x63, 0xff]), 'train.txt'));
    expect(err.code).toBe('TEXT_BAD_UTF8');
    expect(err.message).toBe(
      'TEXT_BAD_UTF8: train.txt: invalid UTF-8 at byte 4 (line 2, byte 3 of the line): 0xFF can never appear in UTF-8',
    );
  });

  it.each([
    ['Latin-1 é before ASCII', [0x63, 0x61, 0x66, 0xe9, 0x20, 0x61], 'byte 2 is 0x20'],
    ['overlong NUL (modified UTF-8)', [0xc0, 0x80], '0xC0 can never appear'],
    ['overlong 3-byte form', [0xe0, 0x80, 0xaf], 'byte 2 is 0x80'],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], 'byte 2 is 0xA0'],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 'byte 2 is 0x90'],
    ['lone continuation byte', [0x41, 0x80], 'continuation byte with no lead byte'],
    ['sequence cut by the end of the file', [0x41, 0xe2, 0x82], 'the file ends first'],
  ])('refuses %s', (_name, bytes, why) => {
    const err = errorOf(() => decodeTextLines(Uint8Array.from(bytes), 'x.txt'));
    expect(err.code).toBe('TEXT_BAD_UTF8');
    expect(err.message).toContain(why);
  });

  it('refuses a NUL byte as a binary file and a line past the cap as too long', () => {
    expect(errorOf(() => decodeTextLines(Uint8Array.from([0x61, 0, 0x62]), 'x')).code).toBe('TEXT_BINARY');
    const long = new Uint8Array(101).fill(0x61);
    expect(errorOf(() => decodeTextLines(long, 'x', 100)).code).toBe('TEXT_LINE_TOO_LONG');
    long[100] = 0x0a;
    expect(decodeTextLines(long, 'x', 100)).toHaveLength(2);
    const wide = new TextEncoder().encode(`${'a'.repeat(98)}é`);
    expect(errorOf(() => decodeTextLines(wide, 'x', 99)).code).toBe('TEXT_LINE_TOO_LONG');
  });

  it('(a) accepts exactly what a fatal TextDecoder accepts (no NUL, short lines), and decodes the same text', () => {
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 24 }).map((b) => b.map((x) => (x === 0 ? 1 : x))),
      fc.string({ unit: 'binary', maxLength: 16 }).map((s) => new TextEncoder().encode(s.replace(/\0/g, ' '))),
    );
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(bytesArb, (bytes) => {
          let expected: string | undefined;
          try {
            expected = strict.decode(bytes);
          } catch {
            expected = undefined;
          }
          try {
            const lines = decodeTextLines(bytes, 'fuzz');
            expect(lines.join('\n')).toBe(expected);
          } catch (err) {
            expect(err).toBeInstanceOf(EnasError);
            expect((err as EnasError).code).toBe('TEXT_BAD_UTF8');
            expect(expected).toBeUndefined();
          }
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(b) round-trips: encodeTextLines(decodeTextLines(x)) equals x for valid text', () => {
    const textArb = fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => new TextEncoder().encode(s.replace(/\0/g, '')));
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(textArb, (bytes) => {
          expect(Buffer.compare(encodeTextLines(decodeTextLines(bytes, 'rt')), bytes)).toBe(0);
        }),
        { seed, numRuns: RUNS },
      );
    }
  });

  it('(c) any single byte of an ASCII text changed to 0x80-0xFF is rejected as invalid UTF-8', () => {
    const mutation = fc
      .string({ unit: fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 60 })
      .chain((s) => fc.record({ s: fc.constant(s), at: fc.integer({ min: 0, max: s.length - 1 }), value: fc.integer({ min: 0x80, max: 0xff }) }));
    for (const seed of SEEDS) {
      fc.assert(
        fc.property(mutation, ({ s, at, value }) => {
          const bytes = new TextEncoder().encode(s);
          bytes[at] = value;
          const err = errorOf(() => decodeTextLines(bytes, 'mut'));
          expect(err.code).toBe('TEXT_BAD_UTF8');
          expect(err.message).toContain(`at byte ${at} `);
        }),
        { seed, numRuns: RUNS },
      );
    }
  });
});
