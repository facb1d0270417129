/**
 * The checkpoint file format: a JSON header followed by the raw float32 data of every weight, optimizer slot
 * and Adam moment it references. Weights stay binary (a micro supernet has ~10^5–10^7 floats; JSON numbers
 * would be 3–5× larger and lose bits), everything else stays readable.
 *
 *   bytes 0–7    "ENASCKP1"
 *   bytes 8–11   header length H, uint32 little-endian
 *   H bytes      header: ASCII JSON (non-ASCII escaped), every Float32Array replaced by {"$f32": [offset, length]}
 *   padding      zeros up to a multiple of 4
 *   data         float32 little-endian values; offsets count floats from here
 *
 * Pure: bytes in, bytes out. The trainer writes the file atomically and the host checks its sha256.
 */
import { EnasError } from './errors';

const MAGIC = 'ENASCKP1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function encodeCheckpoint(value: unknown): Uint8Array {
  const blobs: Float32Array[] = [];
  let floats = 0;
  const walk = (v: unknown, path: string): Json => {
    if (v instanceof Float32Array) {
      blobs.push(v);
      const ref = { $f32: [floats, v.length] };
      floats += v.length;
      return ref;
    }
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') {
      // JSON has no NaN/Infinity: a state holding one is already broken, and would come back as null.
      if (!Number.isFinite(v)) throw new EnasError('CHECKPOINT_INVALID', `checkpoint value at ${path} is ${v}`);
      return v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (typeof v === 'object') {
      const out: { [key: string]: Json } = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x !== undefined) out[k] = walk(x, `${path}.${k}`);
      }
      return out;
    }
    throw new EnasError('CHECKPOINT_INVALID', `checkpoint value at ${path} has unsupported type ${typeof v}`);
  };
  const header = asciiJson(walk(value, '$'));
  const headerEnd = 12 + header.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const bytes = new Uint8Array(dataStart + floats * 4);
  for (let i = 0; i < 8; i++) bytes[i] = MAGIC.charCodeAt(i);
  new DataView(bytes.buffer).setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[12 + i] = header.charCodeAt(i);
  const data = new DataView(bytes.buffer, dataStart);
  let at = 0;
  for (const blob of blobs) {
    for (let i = 0; i < blob.length; i++, at++) data.setFloat32(at * 4, blob[i] as number, true);
  }
  return bytes;
}

export function decodeCheckpoint(bytes: Uint8Array, file: string): unknown {
  const bad = (why: string): EnasError => new EnasError('CHECKPOINT_INVALID', `${file}: ${why}`);
  if (bytes.length < 12) throw bad(`${bytes.length} bytes is too short for a checkpoint`);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== MAGIC) throw bad(`not a checkpoint (expected magic ${MAGIC}, got ${JSON.stringify(magic)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw bad(`header of ${headerLength} bytes runs past the end of the file`);
  let header: unknown;
  try {
    let text = '';
    for (let i = 0; i < headerLength; i += 8192) {
      text += String.fromCharCode(...bytes.subarray(12 + i, 12 + Math.min(headerLength, i + 8192)));
    }
    header = JSON.parse(text);
  } catch (err) {
    throw bad(`header is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const dataStart = Math.ceil((12 + headerLength) / 4) * 4;
  const floats = Math.floor((bytes.length - dataStart) / 4);
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (v !== null && typeof v === 'object') {
      const ref = (v as { $f32?: unknown }).$f32;
      if (ref !== undefined) {
        if (!Array.isArray(ref) || ref.length !== 2 || !ref.every((n) => Number.isSafeInteger(n) && n >= 0)) {
          throw bad(`bad float reference ${JSON.stringify(ref)}`);
        }
        const [offset, length] = ref as [number, number];
        if (offset + length > floats) throw bad(`float data [${offset}, ${offset + length}) past the end (${floats} floats)`);
        const out = new Float32Array(length);
        for (let i = 0; i < length; i++) out[i] = view.getFloat32(dataStart + (offset + i) * 4, true);
        return out;
      }
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, revive(x)]));
    }
    return v;
  };
  return revive(header);
}

/** JSON with every non-ASCII character escaped, so one byte per character. */
function asciiJson(value: Json): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
