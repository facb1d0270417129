/**
 * CSV lines as RFC 4180 writes them: fields separated by commas, lines ended by CRLF, and a field quoted
 * (inner quotes doubled) when it holds a comma, a quote, CR or LF. Numbers keep JavaScript's shortest
 * round-trip form, so a value read back parses to the same double; null is an empty field.
 */

export type CsvValue = string | number | null;

function field(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(field).join(',')}\r\n`;
}
