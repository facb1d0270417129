/**
 * A safetensors writer (the format of Hugging Face's `safetensors`): 8 bytes of little-endian uint64 header
 * length N, N bytes of JSON `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": {…} }`
 * padded with spaces, then the tensors' raw little-endian bytes, offsets relative to the end of the header.
 * Like the reference implementation, the header is padded to a multiple of 8 and tensors are laid out by
 * descending element size, then name, so every tensor starts aligned to its own element size.
 */
import { EnasError } from '../../shared/errors';
import type { ExportSink } from './atomic-file';

const DTYPES = {
  F64: Float64Array,
  F32: Float32Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U8: Uint8Array,
} as const;
export type SafetensorsDtype = keyof typeof DTYPES;

export interface NamedTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
  data: Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bad(message: string): EnasError {
  return new EnasError('EXPORT_FAILED', `safetensors: ${message}`);
}

function check(tensors: readonly NamedTensor[]): void {
  const names = new Set<string>();
  for (const t of tensors) {
    if (t.name === '' || t.name === '__metadata__') throw bad(`invalid tensor name "${t.name}"`);
    if (names.has(t.name)) throw bad(`tensor "${t.name}" appears twice`);
    names.add(t.name);
    if (!(t.data instanceof DTYPES[t.dtype])) throw bad(`tensor "${t.name}" is declared ${t.dtype} but holds a ${t.data.constructor.name}`);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor "${t.name}" has shape [${t.shape.join(', ')}]`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw bad(`tensor "${t.name}" has shape [${t.shape.join(', ')}] (${size} values) but ${t.data.length} values`);
  }
}

/** The tensors in file order: larger elements first, then by name. */
function layout(tensors: readonly NamedTensor[]): NamedTensor[] {
  return [...tensors].sort(
    (a, b) => b.data.BYTES_PER_ELEMENT - a.data.BYTES_PER_ELEMENT || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** The bytes of one tensor, little-endian whatever the platform. */
function littleEndianBytes(t: NamedTensor): Uint8Array {
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const width = t.data.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN || width === 1) return raw;
  const swapped = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += width) {
    for (let k = 0; k < width; k++) swapped[i + k] = raw[i + width - 1 - k] ?? 0;
  }
  return swapped;
}

/** Writes `tensors` (and string `metadata`) as one safetensors file into `sink`. */
export async function writeSafetensors(
  sink: ExportSink,
  tensors: readonly NamedTensor[],
  metadata: Readonly<Record<string, string>> = {},
): Promise<void> {
  check(tensors);
  const ordered = layout(tensors);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of ordered) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  head.set(json, 8);
  await sink.write(head);
  for (const t of ordered) await sink.write(littleEndianBytes(t));
}
