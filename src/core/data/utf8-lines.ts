/**
 * Strict UTF-8 for text corpora: validate (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), refuse binary files and overlong lines, and split into lines, in one pass over the bytes.
 * Written by hand rather than with a fatal TextDecoder because core has no DOM or Node typings, and because
 * a hand-written pass can say where the bad byte is (byte offset, line, column), which TextDecoder cannot.
 */
import { dataError } from './data-error';

/** Default cap on one line: 1 MiB. PTB lines are sentences of a few hundred bytes. */
export const TEXT_DEFAULT_MAX_LINE_BYTES = 2 ** 20;

function hexByte(b: number): string {
  return `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
}

function lineTooLong(file: string, line: number, maxLineBytes: number): Error {
  return dataError(
    'TEXT_LINE_TOO_LONG',
    file,
    `line ${line} is longer than ${maxLineBytes} bytes (the cap); a corpus needs one sentence or paragraph per line`,
  );
}

/**
 * A check to run on each chunk of a file as it is read: throws the same TEXT_LINE_TOO_LONG as
 * `decodeTextLines` as soon as a line passes the cap, so a 10 MB line is refused after ~1 MiB is read.
 */
export function lineLengthGuard(file: string, maxLineBytes = TEXT_DEFAULT_MAX_LINE_BYTES): (chunk: Uint8Array) => void {
  let line = 1;
  let length = 0;
  return (chunk) => {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      if (length + nl - start > maxLineBytes) throw lineTooLong(file, line, maxLineBytes);
      line += 1;
      length = 0;
      start = nl + 1;
    }
    length += chunk.length - start;
    if (length > maxLineBytes) throw lineTooLong(file, line, maxLineBytes);
  };
}

/** Fixed-size buffer of UTF-16 code units, flushed into strings in chunks (fromCharCode has an arg limit). */
class LineBuilder {
  private units = new Uint16Array(4096);
  private length = 0;
  private parts: string[] = [];

  push(unit: number): void {
    if (this.length === this.units.length) this.flush();
    this.units[this.length++] = unit;
  }

  pushCodePoint(cp: number): void {
    if (cp < 0x10000) {
      this.push(cp);
    } else {
      const v = cp - 0x10000;
      this.push(0xd800 + (v >> 10));
      this.push(0xdc00 + (v & 0x3ff));
    }
  }

  private flush(): void {
    this.parts.push(String.fromCharCode(...this.units.subarray(0, this.length)));
    this.length = 0;
  }

  take(): string {
    this.flush();
    const line = this.parts.join('');
    this.parts = [];
    return line;
  }
}

/**
 * The lines of a UTF-8 file, split on '\n' only (so `encodeTextLines` gives the bytes back exactly; '\r'
 * and a byte-order mark are whitespace to the tokenizer). Throws TEXT_BAD_UTF8, TEXT_BINARY (a NUL byte)
 * or TEXT_LINE_TOO_LONG.
 */
export function decodeTextLines(bytes: Uint8Array, file: string, maxLineBytes = TEXT_DEFAULT_MAX_LINE_BYTES): string[] {
  const lines: string[] = [];
  const line = new LineBuilder();
  let lineStart = 0;
  const where = (at: number): string => `byte ${at} (line ${lines.length + 1}, byte ${at - lineStart + 1} of the line)`;
  const tooLong = (): Error => lineTooLong(file, lines.length + 1, maxLineBytes);
  const bad = (at: number, why: string): Error => dataError('TEXT_BAD_UTF8', file, `invalid UTF-8 at ${where(at)}: ${why}`);
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0) {
        throw dataError('TEXT_BINARY', file, `NUL byte at ${where(i)}: this looks like a binary file, not text`);
      }
      if (b === 0x0a) {
        lines.push(line.take());
        lineStart = i + 1;
      } else {
        if (i - lineStart >= maxLineBytes) throw tooLong();
        line.push(b);
      }
      i += 1;
      continue;
    }
    // Lead byte → sequence length and the allowed range of the first continuation byte (RFC 3629 §4).
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong below U+0800
      if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong below U+10000
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else if (b >= 0x80 && b <= 0xbf) {
      throw bad(i, `${hexByte(b)} is a continuation byte with no lead byte before it`);
    } else {
      throw bad(i, `${hexByte(b)} can never appear in UTF-8`);
    }
    if (i + need >= bytes.length) {
      throw bad(i, `${hexByte(b)} starts a ${need + 1}-byte sequence but the file ends first`);
    }
    if (i + need - lineStart >= maxLineBytes) throw tooLong();
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) {
        throw bad(i, `${hexByte(b)} starts a ${need + 1}-byte sequence but byte ${k + 1} is ${hexByte(c)}`);
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    line.pushCodePoint(cp);
    i += need + 1;
  }
  lines.push(line.take());
  return lines;
}

/** UTF-8 bytes of lines joined by '\n'; the inverse of `decodeTextLines` for well-formed strings. */
export function encodeTextLines(lines: readonly string[]): Uint8Array {
  const out: number[] = [];
  lines.forEach((text, n) => {
    if (n > 0) out.push(0x0a);
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
      else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
      else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    }
  });
  return Uint8Array.from(out);
}
