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

/** Codes raised by a search strategy (controller sampling, REINFORCE update, checkpointed state). */
export const STRATEGY_ERROR_CODES = [
  'STRATEGY_BAD_BATCH',
  'STRATEGY_BAD_REWARD',
  'STRATEGY_BAD_UPDATE',
  'STRATEGY_BAD_STATE',
] as const;

/**
 * Codes raised by dataset import (docs/architecture.md §6, docs/reliability.md T3). A rejection carries `{ file }` in its
 * detail, so the UI can say which file of a dropped folder was wrong; skipped images use the same codes.
 */
export const DATASET_ERROR_CODES = [
  'DATASET_UNREADABLE',
  'DATASET_NOT_A_FILE',
  'DATASET_EMPTY_FILE',
  'DATASET_TOO_LARGE',
  'DATASET_GZIP_CORRUPT',
  'DATASET_GZIP_TRUNCATED',
  'DATASET_GZIP_BOMB',
  'DATASET_TAR_CORRUPT',
  'DATASET_TAR_UNSAFE_PATH',
  'DATASET_MISSING_FILE',
  'DATASET_UNKNOWN_FORMAT',
  'DATASET_SYMLINK_OUTSIDE',
  'DATASET_BAD_OPTIONS',
  'DATASET_WRITE_FAILED',
  'DATASET_REGISTER_FAILED',
  'IDX_BAD_MAGIC',
  'IDX_BAD_TYPE',
  'IDX_BAD_RANK',
  'IDX_BAD_DIMS',
  'IDX_TRUNCATED',
  'IDX_TRAILING_BYTES',
  'IDX_COUNT_MISMATCH',
  'IDX_BAD_LABEL',
  'CIFAR_BAD_SIZE',
  'CIFAR_BAD_LABEL',
  'IMAGE_NOT_IMAGE',
  'IMAGE_UNDECODABLE',
  'IMAGE_TOO_LARGE',
  'IMAGE_NO_IMAGES',
  'IMAGE_TOO_FEW_CLASSES',
  'IMAGE_TOO_MANY_CLASSES',
  'TEXT_BAD_UTF8',
  'TEXT_BINARY',
  'TEXT_LINE_TOO_LONG',
  'TEXT_EMPTY',
] as const;

/**
 * Codes raised by the experiment store (src/store). Each message names the database or checkpoint file, so a
 * user knows which file to free space for, restore from backup, or delete.
 */
export const STORE_ERROR_CODES = [
  'STORE_READ_ONLY',
  'STORE_DISK_FULL',
  'STORE_NOT_A_DATABASE',
  'STORE_CORRUPT',
  'STORE_VERSION_TOO_NEW',
  'STORE_CANNOT_OPEN',
  'STORE_BUSY',
  'STORE_IO',
  'STORE_NOT_FOUND',
  'STORE_CONFLICT',
  'STORE_BAD_ARGUMENT',
] as const;

/**
 * Codes raised while picking the tfjs compute backend (docs/architecture.md §5) or by a training kernel we register
 * for a backend that lacks it: a forced backend that cannot start, or kernel attributes we do not support.
 */
export const BACKEND_ERROR_CODES = ['BACKEND_UNAVAILABLE', 'BACKEND_UNKNOWN', 'KERNEL_UNSUPPORTED'] as const;

/**
 * Codes raised by the child networks (src/core/child): a child configuration that cannot build a network
 * for the given input, a batch whose shape does not fit the network, and weights or optimizer state from a
 * checkpoint whose names or shapes do not match.
 */
export const CHILD_ERROR_CODES = [
  'CHILD_BAD_CONFIG',
  'CHILD_BAD_BATCH',
  'CHILD_BAD_WEIGHTS',
  'CHILD_BAD_OPTIMIZER_STATE',
] as const;

/**
 * Codes raised by the search itself (src/core/search, src/trainer): a checkpoint that cannot be read back
 * or belongs to another run, a dataset that does not fit the configured space, a loss that became NaN.
 */
export const SEARCH_ERROR_CODES = ['CHECKPOINT_INVALID', 'SEARCH_BAD_DATA', 'SEARCH_DIVERGED'] as const;

/**
 * Codes raised by the host (src/host): a request that does not match the workbench API, a run asked to do
 * what its status forbids, a trainer that never got ready, speaks another protocol, sends garbage or dies,
 * a checkpoint whose file does not match what the trainer reported, exports, and a database another
 * workbench process already writes to (the host is its single writer), and a study asked for by an unknown
 * id or to do what its state forbids (resume one that is running).
 */
export const HOST_ERROR_CODES = [
  'API_BAD_REQUEST',
  'API_UNKNOWN_METHOD',
  'RUN_NOT_FOUND',
  'RUN_BAD_STATE',
  'RUN_DATASET_MISSING',
  'STUDY_NOT_FOUND',
  'STUDY_BAD_STATE',
  'RUN_BAD_CONFIG',
  'TRAINER_START_FAILED',
  'TRAINER_TIMEOUT',
  'TRAINER_VERSION',
  'TRAINER_PROTOCOL',
  'TRAINER_CRASHED',
  'TRAINER_OUT_OF_MEMORY',
  'CHECKPOINT_MISMATCH',
  'EXPORT_FAILED',
  'EXPORT_UNAVAILABLE',
  'WORKBENCH_LOCKED',
  'WORKBENCH_READ_ONLY',
] as const;

/**
 * Codes of the tabular benchmarks (NAS-Bench-201 tables, docs/nas-bench-201.md): a CSV table that does not
 * follow the format (the message names the line and field), a compact table file that is damaged, a table
 * name that is unknown, malformed or already taken.
 */
export const BENCHMARK_ERROR_CODES = [
  'BENCHMARK_BAD_CSV',
  'BENCHMARK_BAD_FILE',
  'BENCHMARK_NOT_FOUND',
  'BENCHMARK_BAD_NAME',
  'BENCHMARK_EXISTS',
] as const;

/**
 * Codes of running a study on a Slurm cluster (src/host/slurm): a Slurm command (`sbatch`, `squeue`,
 * `sacct`, `scontrol`, `scancel`, or `ssh`/`scp` to the cluster) that failed or answered what we cannot read,
 * and a task database that cannot be merged into the local store.
 */
export const SLURM_ERROR_CODES = ['SLURM_COMMAND_FAILED', 'SLURM_BAD_OUTPUT', 'SLURM_MERGE_FAILED'] as const;

/** Codes of the `enas` command line: a command, option or argument it does not understand. */
export const CLI_ERROR_CODES = ['CLI_USAGE'] as const;

/**
 * Codes of the transports between a UI and the host (Electron IPC, the browser-mode WebSocket and its HTTP
 * server): a message from a frame or window that is not ours, a file path the user did not choose (the app
 * imports only what was dropped or picked in a dialog), a frame that is not the wire format, a call
 * cut off by a closed connection, a save dialog the user cancelled, a UI that was never built, a port
 * the server cannot listen on, and a hand-off file (`<db>.server.json`) that others could read.
 */
export const TRANSPORT_ERROR_CODES = [
  'TRANSPORT_FORBIDDEN_SENDER',
  'TRANSPORT_FORBIDDEN_PATH',
  'TRANSPORT_BAD_FRAME',
  'TRANSPORT_CLOSED',
  'SAVE_CANCELED',
  'SERVER_UI_MISSING',
  'SERVER_LISTEN_FAILED',
  'HANDOFF_UNSAFE',
] as const;

/**
 * Codes of browser-mode dataset uploads (`POST /uploads`, `PUT /uploads/<id>/<path>`, then
 * `datasets.importUpload`): a request without the token, an upload id the server does not know, a relative
 * path that would leave the upload folder, a body over the size or file-count cap, a file sent twice, an
 * upload with no files, or one still being written or already importing.
 */
export const UPLOAD_ERROR_CODES = [
  'UPLOAD_UNAUTHORIZED',
  'UPLOAD_NOT_FOUND',
  'UPLOAD_BAD_METHOD',
  'UPLOAD_BAD_PATH',
  'UPLOAD_TOO_LARGE',
  'UPLOAD_TOO_MANY_FILES',
  'UPLOAD_FILE_EXISTS',
  'UPLOAD_EMPTY',
  'UPLOAD_BUSY',
] as const;

/** Codes nobody planned for: the message says what happened, the log has the stack. */
export const GENERIC_ERROR_CODES = ['INTERNAL'] as const;

export const ERROR_CODES = [
  ...SPACE_ERROR_CODES,
  ...CONFIG_ERROR_CODES,
  ...STRATEGY_ERROR_CODES,
  ...DATASET_ERROR_CODES,
  ...STORE_ERROR_CODES,
  ...BACKEND_ERROR_CODES,
  ...CHILD_ERROR_CODES,
  ...SEARCH_ERROR_CODES,
  ...HOST_ERROR_CODES,
  ...BENCHMARK_ERROR_CODES,
  ...SLURM_ERROR_CODES,
  ...CLI_ERROR_CODES,
  ...TRANSPORT_ERROR_CODES,
  ...UPLOAD_ERROR_CODES,
  ...GENERIC_ERROR_CODES,
] as const;

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
