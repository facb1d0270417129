/**
 * The compact binary form of an {@link Nb201Table}, what the project ships and what `enas benchmark import`
 * stores (gzip around it is the caller's business). Little-endian:
 *   8 bytes  magic "NB201TAB"
 *   u32      format version (1)
 *   u32      cells (15,625)
 *   u32      seed slots S
 *   u32      decimals d: every accuracy is stored as round(accuracy · 10^d)
 *   i32 × 15,625 · S   the values, cell-major (cell · S + slot); −1 = not recorded
 * d is the fewest decimals (at most 6) that represent every value of the table exactly, so the public
 * tables (3 decimals) round-trip exactly; a value with more than 6 decimals is rounded to 6.
 */
import { EnasError } from '../../shared/errors';
import { NB201_CELLS } from './nb201-table';
import type { Nb201Table } from './nb201-table';

const MAGIC = 'NB201TAB';
const VERSION = 1;
const HEADER_BYTES = 24;
const MAX_DECIMALS = 6;

function decimalsFor(values: Float64Array): number {
  for (let d = 0; d < MAX_DECIMALS; d++) {
    const scale = 10 ** d;
    if (values.every((v) => Number.isNaN(v) || Math.abs(v * scale - Math.round(v * scale)) < 1e-6)) return d;
  }
  return MAX_DECIMALS;
}

export function encodeNb201Table(table: Nb201Table): Uint8Array {
  const decimals = decimalsFor(table.values);
  const scale = 10 ** decimals;
  const bytes = new Uint8Array(HEADER_BYTES + 4 * table.values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, NB201_CELLS, true);
  view.setUint32(16, table.seedSlots, true);
  view.setUint32(20, decimals, true);
  table.values.forEach((v, i) => view.setInt32(HEADER_BYTES + 4 * i, Number.isNaN(v) ? -1 : Math.round(v * scale), true));
  return bytes;
}

/** Decodes a table; `source` (a file name) is named in the BENCHMARK_BAD_FILE errors. */
export function decodeNb201Table(bytes: Uint8Array, source: string): Nb201Table {
  const fail = (why: string) => new EnasError('BENCHMARK_BAD_FILE', `${source}: not a valid NAS-Bench-201 table file (${why})`);
  if (bytes.length < HEADER_BYTES) throw fail(`${bytes.length} bytes is shorter than the header`);
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw fail('wrong magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) throw fail(`format version ${version}, this workbench reads ${VERSION}`);
  const cells = view.getUint32(12, true);
  const seedSlots = view.getUint32(16, true);
  const decimals = view.getUint32(20, true);
  if (cells !== NB201_CELLS) throw fail(`${cells} cells, expected ${NB201_CELLS}`);
  if (seedSlots < 1 || seedSlots > 8) throw fail(`${seedSlots} seed slots`);
  if (decimals > MAX_DECIMALS) throw fail(`${decimals} decimals`);
  const count = cells * seedSlots;
  if (bytes.length !== HEADER_BYTES + 4 * count) throw fail(`${bytes.length} bytes, expected ${HEADER_BYTES + 4 * count}`);
  const scale = 10 ** decimals;
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const raw = view.getInt32(HEADER_BYTES + 4 * i, true);
    if (raw < -1 || raw > 100 * scale) throw fail(`value ${raw} at ${i} is out of range`);
    values[i] = raw === -1 ? NaN : raw / scale;
  }
  for (let cell = 0; cell < cells; cell++) {
    let any = false;
    for (let s = 0; s < seedSlots; s++) any ||= !Number.isNaN(values[cell * seedSlots + s]!);
    if (!any) throw fail(`cell ${cell} has no recorded accuracy`);
  }
  return { seedSlots, values };
}
