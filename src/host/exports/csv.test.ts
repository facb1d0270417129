import { describe, expect, it } from 'vitest';
import { csvLine } from './csv';

describe('csvLine', () => {
  it('leaves plain fields bare and ends the line with CRLF', () => {
    expect(csvLine(['child/loss', 12, 0.125])).toBe('child/loss,12,0.125\r\n');
  });

  it('quotes fields with a comma, quote, CR or LF and doubles inner quotes', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 'cr\r'])).toBe('"a,b","say ""hi""","two\nlines","cr\r"\r\n');
  });

  it('writes null as an empty field and keeps the shortest round-trip form of numbers', () => {
    const line = csvLine([null, 0.1 + 0.2, -0, 1e-7, Number.NaN]);
    expect(line).toBe(',0.30000000000000004,0,1e-7,NaN\r\n');
    expect(Number(line.split(',')[1])).toBe(0.1 + 0.2);
  });
});
