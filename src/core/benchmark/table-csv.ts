/**
 * Reads a NAS-Bench-201 table in the CSV format of docs/nas-bench-201.md: a header `arch,acc_seed_a,…`
 * (one to eight seed columns), then one line per cell: its six op digits (0–4, edge order 1←0, 2←0, 2←1,
 * 3←0, 3←1, 3←2) and its validation accuracy (%) per seed, empty where the seed was not run. Every one of
 * the 15,625 cells must appear exactly once with at least one accuracy. Anything else is refused with
 * BENCHMARK_BAD_CSV naming the line (1-based, the header is line 1) and the field.
 */
import { EnasError } from '../../shared/errors';
import { NB201_CELLS, nb201CellIndex } from './nb201-table';
import type { Nb201Table } from './nb201-table';

const MAX_SEED_SLOTS = 8;
const NUMBER = /^[0-9]+(\.[0-9]+)?$/;

function bad(line: number, message: string): EnasError {
  return new EnasError('BENCHMARK_BAD_CSV', `line ${line}: ${message}`, { line });
}

export function parseNb201Csv(text: string): Nb201Table {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',');
  if (header[0]?.trim() !== 'arch' || header.length < 2 || header.length > MAX_SEED_SLOTS + 1) {
    throw bad(
      1,
      `the header must be "arch,acc_seed_a,…" with 1 to ${MAX_SEED_SLOTS} seed columns, got ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`,
    );
  }
  const seedSlots = header.length - 1;
  const values = new Float64Array(NB201_CELLS * seedSlots).fill(NaN);
  const seenAt = new Int32Array(NB201_CELLS);
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const fields = (lines[i] ?? '').split(',');
    if (fields.length !== header.length) {
      throw bad(lineNo, `expected ${header.length} comma-separated fields (arch and ${seedSlots} accuracies), got ${fields.length}`);
    }
    const arch = fields[0]!.trim();
    if (!/^[0-4]{6}$/.test(arch)) {
      throw bad(lineNo, `field "arch": ${JSON.stringify(arch.slice(0, 40))} must be six op digits 0–4 (edges 1←0, 2←0, 2←1, 3←0, 3←1, 3←2)`);
    }
    const cell = nb201CellIndex([...arch].map(Number));
    if (seenAt[cell] !== 0) throw bad(lineNo, `field "arch": ${arch} already appeared on line ${seenAt[cell]}`);
    seenAt[cell] = lineNo;
    let recorded = 0;
    for (let s = 0; s < seedSlots; s++) {
      const raw = fields[s + 1]!.trim();
      if (raw === '') continue;
      const field = header[s + 1]!.trim();
      const value = Number(raw);
      if (!NUMBER.test(raw) || !(value >= 0 && value <= 100)) {
        throw bad(lineNo, `field "${field}": ${JSON.stringify(raw.slice(0, 40))} must be an accuracy in percent, from 0 to 100, or empty`);
      }
      values[cell * seedSlots + s] = value;
      recorded++;
    }
    if (recorded === 0) throw bad(lineNo, `arch ${arch} has no accuracy: at least one seed column must be filled`);
  }
  const rows = lines.length - 1;
  if (rows !== NB201_CELLS) {
    const missing = seenAt.findIndex((at) => at === 0);
    const digits = missing.toString(5).padStart(6, '0');
    throw new EnasError(
      'BENCHMARK_BAD_CSV',
      `line ${lines.length + 1}: the table has ${rows} cells, NAS-Bench-201 has ${NB201_CELLS}; arch ${digits} is missing`,
      { line: lines.length + 1 },
    );
  }
  return { seedSlots, values };
}
