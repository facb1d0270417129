/**
 * Errors that cross a process boundary (trainer → host → UI). Only `{ code, message, detail? }` crosses:
 * stacks go to the log, never to the UI (shared/style.md). `code` is a closed union so a UI can react to it
 * and tests can snapshot it; each domain owns its list of codes.
 */
import { z } from 'zod';

/** Codes raised when an architecture or search-space configuration is impossible. */
export const SPACE_ERROR_CODES = [
  'ARC_BAD_LENGTH',
  'ARC_BAD_TOKEN',
  'ARC_BAD_OP',
  'ARC_BAD_INDEX',
  'ARC_BAD_SKIP',
  'ARC_BAD_ACTIVATION',
  'SPACE_BAD_CONFIG',
] as const;

/** Codes raised by configuration parsing at a boundary. */
export const CONFIG_ERROR_CODES = ['CONFIG_INVALID'] as const;

/** Codes nobody planned for: the message says what happened, the log has the stack. */
export const GENERIC_ERROR_CODES = ['INTERNAL'] as const;

export const ERROR_CODES = [...SPACE_ERROR_CODES, ...CONFIG_ERROR_CODES, ...GENERIC_ERROR_CODES] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const wireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  detail: z.unknown().optional(),
});

export type WireError = z.infer<typeof wireErrorSchema>;

/**
 * An Error that carries a stable code. Throw it where the cause is known; `toWireError` turns any thrown
 * value into what may cross a boundary.
 */
export class EnasError extends Error {
  readonly code: ErrorCode;
  readonly detail: unknown;

  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(`${code}: ${message}`);
    this.name = 'EnasError';
    this.code = code;
    this.detail = detail;
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof EnasError) {
    const wire: WireError = { code: err.code, message: err.message };
    if (err.detail !== undefined) wire.detail = err.detail;
    return wire;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
