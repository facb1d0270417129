/**
 * Dataset errors name the file they are about: every rejection is an EnasError whose message reads
 * `CODE: file: what was wrong, expected vs received` and whose detail carries `{ file }`, so the UI can
 * point at the file (docs/reliability.md T3.1) and a skip report can list many of them.
 */
import { DATASET_ERROR_CODES, EnasError } from '../../shared/errors';
import type { DatasetErrorCode, DatasetIssue } from '../../shared/dataset';

export function dataError(code: DatasetErrorCode, file: string, message: string): EnasError {
  return new EnasError(code, `${file}: ${message}`, { file });
}

function isDatasetCode(code: string): code is DatasetErrorCode {
  return (DATASET_ERROR_CODES as readonly string[]).includes(code);
}

/** The `{ file, code, message }` of a dataset error, or undefined for any other thrown value. */
export function toDatasetIssue(err: unknown): DatasetIssue | undefined {
  if (!(err instanceof EnasError) || !isDatasetCode(err.code)) return undefined;
  const detail = err.detail;
  const file =
    typeof detail === 'object' && detail !== null && 'file' in detail && typeof detail.file === 'string'
      ? detail.file
      : '';
  return { file, code: err.code, message: err.message };
}

/** `0x00000803`: a 32-bit value as eight upper-case hex digits, the way IDX magics are written. */
export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
