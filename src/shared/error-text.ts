/**
 * One line for a WireError as a person reads it: `CODE: message`. An EnasError's message already starts
 * with its code (EnasError prefixes it), so printing `code: message` again doubled it
 * (`SEARCH_BAD_DATA: SEARCH_BAD_DATA: …`); a message without the prefix (INTERNAL) gets it once.
 */
import type { WireError } from './errors';

export function errorText(error: Pick<WireError, 'code' | 'message'>): string {
  return error.message.startsWith(`${error.code}:`) ? error.message : `${error.code}: ${error.message}`;
}
