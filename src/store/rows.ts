/**
 * Rows come out of SQLite as `unknown`; they are parsed here, JSON columns included, so a file edited by
 * hand or by a newer app fails with a message naming the file, table and row instead of a TypeError later.
 * Arguments a UI can send (queries, summaries) are parsed here too, into STORE_BAD_ARGUMENT errors.
 */
import { z } from 'zod';
import { EnasError } from '../shared/errors';

function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed;
  } catch {
    return { invalidJson: value };
  }
}

/** A TEXT column holding JSON that must match `schema`. */
export function jsonColumn<S extends z.ZodType>(schema: S) {
  return z.preprocess(parseJsonText, schema);
}

/** `row` parsed with `schema`, or a STORE_CORRUPT error naming `file` and `where` (table and key). */
export function parseRow<S extends z.ZodType>(schema: S, row: unknown, file: string, where: string): z.output<S> {
  const result = schema.safeParse(row);
  if (!result.success) {
    throw new EnasError('STORE_CORRUPT', `${file}: ${where} does not match the schema: ${z.prettifyError(result.error)}`, {
      file,
    });
  }
  return result.data;
}

/** `value` parsed with `schema`, or a STORE_BAD_ARGUMENT error saying which argument and why. */
export function parseArgument<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new EnasError('STORE_BAD_ARGUMENT', `${what}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
