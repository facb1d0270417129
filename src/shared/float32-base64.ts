/**
 * Float32 values as base64 text, little-endian, for the controller traces that cross from the trainer to the
 * host (protocol `controller-trace`): a quarter of JSON numbers' size, and exact. Plain TypeScript, so the
 * engine (no Node, no DOM) can encode and the host decode with the same code.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

function bytesOf(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

export function encodeFloat32Base64(values: Float32Array): string {
  const bytes = bytesOf(values);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/** Throws RangeError on text that is not padded base64 of a whole number of float32 values. */
export function decodeFloat32Base64(text: string): Float32Array {
  if (text.length % 4 !== 0) throw new RangeError(`base64 text length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const length = (text.length / 4) * 3 - padding;
  if (length % 4 !== 0) throw new RangeError(`${length} bytes are not a whole number of float32 values`);
  const bytes = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = text[i + k]!;
      const v = c === '=' ? 0 : INDEX.get(c);
      if (v === undefined) throw new RangeError(`"${c}" is not a base64 character`);
      n = (n << 6) | v;
    }
    for (const byte of [(n >> 16) & 255, (n >> 8) & 255, n & 255]) if (at < length) bytes[at++] = byte;
  }
  const view = new DataView(bytes.buffer);
  return Float32Array.from({ length: length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
