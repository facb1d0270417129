/** A failed workbench call or upload: `code` is one of the shared error codes, `message` names what, where and what to do. */
import type { ErrorCode } from '../../shared/errors';

export class WorkbenchCallError extends Error {
  readonly code: ErrorCode;
  readonly detail: unknown;

  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(message);
    this.name = 'WorkbenchCallError';
    this.code = code;
    this.detail = detail;
  }
}
