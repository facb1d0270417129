import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { meanAccuracy, NB201_CELLS, nb201CellIndex, nb201CellOps, tableOptimum } from './nb201-table';
import { decodeNb201Table, encodeNb201Table } from './table-codec';
import { parseNb201Csv } from './table-csv';

/** A complete synthetic table: cell i has accuracies derived from i, the third seed missing for odd i. */
function syntheticCsv(): string[] {
  const lines = ['arch,acc_seed_a,acc_seed_b,acc_seed_c'];
  for (let cell = 0; cell < NB201_CELLS; cell++) {
    const a = ((cell * 7) % 10_000) / 100;
    lines.push(`${nb201CellOps(cell).join('')},${a.toFixed(6)},${(a / 2).toFixed(3)},${cell % 2 === 1 ? '' : '50'}`);
  }
  return lines;
}

function failure(lines: string[]): EnasError {
  try {
    parseNb201Csv(`${lines.join('\n')}\n`);
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('the CSV was accepted');
}

describe('NAS-Bench-201 CSV tables', () => {
  it('reads a table in the format, missing seeds included', () => {
    const table = parseNb201Csv(`${syntheticCsv().join('\r\n')}\r\n`);
    expect(table.seedSlots).toBe(3);
    const cell = nb201CellIndex([0, 0, 0, 0, 1, 1]);
    expect(cell).toBe(6);
    expect(meanAccuracy(table, cell)).toBeCloseTo((0.42 + 0.21 + 50) / 3, 10);
    expect(meanAccuracy(table, 7)).toBeCloseTo((0.49 + 0.245) / 2, 10);
  });

  it('round-trips exactly through the compact format', () => {
    const table = parseNb201Csv(syntheticCsv().join('\n'));
    const decoded = decodeNb201Table(encodeNb201Table(table), 'test');
    expect(decoded.seedSlots).toBe(3);
    expect(Array.from(decoded.values)).toEqual(Array.from(table.values));
    expect(tableOptimum(decoded)).toEqual(tableOptimum(table));
  });

  it('refuses a damaged compact file', () => {
    const bytes = encodeNb201Table(parseNb201Csv(syntheticCsv().join('\n')));
    expect(() => decodeNb201Table(bytes.subarray(0, 1000), 'x.nb201')).toThrow(/BENCHMARK_BAD_FILE: x\.nb201: .*bytes, expected/);
    const wrong = Uint8Array.from(bytes);
    wrong[0] = 0;
    expect(() => decodeNb201Table(wrong, 'x.nb201')).toThrow(/wrong magic/);
  });

  it.each([
    ['a bad header', (l: string[]) => l.splice(0, 1, 'cell,a,b,c'), /^BENCHMARK_BAD_CSV: line 1: the header/],
    ['a short line', (l: string[]) => l.splice(5, 1, '000004,1.0'), /line 6: expected 4 comma-separated fields/],
    ['an op digit 5', (l: string[]) => l.splice(7, 1, '000015,1,2,3'), /line 8: field "arch": "000015" must be six op digits/],
    ['a text accuracy', (l: string[]) => l.splice(9, 1, '000013,1,abc,3'), /line 10: field "acc_seed_b": "abc" must be an accuracy/],
    ['an accuracy over 100', (l: string[]) => l.splice(9, 1, '000013,1,2,100.5'), /line 10: field "acc_seed_c": "100.5"/],
    ['a row without accuracy', (l: string[]) => l.splice(3, 1, '000002,,,'), /line 4: arch 000002 has no accuracy/],
    ['a duplicate cell', (l: string[]) => l.splice(3, 1, '000001,1,2,3'), /line 4: field "arch": 000001 already appeared on line 3/],
    ['a missing cell', (l: string[]) => l.splice(100, 1), /the table has 15624 cells, NAS-Bench-201 has 15625; arch 000344 is missing/],
  ])('refuses %s, naming the line and field', (_what, damage, message) => {
    const lines = syntheticCsv();
    damage(lines);
    const err = failure(lines);
    expect(err.code).toBe('BENCHMARK_BAD_CSV');
    expect(err.message).toMatch(message);
  });
});
