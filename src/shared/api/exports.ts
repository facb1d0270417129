/**
 * Workbench API, exports of one run into a file: the run as JSON, metrics and samples as CSV, architectures
 * as JSON or as official arc strings, weights as safetensors. `file` is an absolute path; in the app it comes
 * from the save dialog of the main process, never from the renderer (docs/reliability.md T4.6). An export is
 * written to a temp file and renamed, so the file is either whole or absent.
 */
import { z } from 'zod';
import type { ApiMethodSpec } from './method-spec';

const runId = z.number().int().positive();
const file = z.string().min(1).max(4096);

const exportResultSchema = z.object({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Data rows (CSV lines after the header, architectures, tensors) written. */
  rows: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof exportResultSchema>;

export const exportsApi = {
  /** `{ format: 'enas-run', run, derived, checkpoints }` as pretty JSON; the run holds its config. */
  'exports.run': { request: z.object({ runId, file }), response: exportResultSchema, writes: false },
  /** CSV `series,step,value`, every stored point (no downsampling); all series unless `series` names some. */
  'exports.metrics': {
    request: z.object({ runId, file, series: z.array(z.string().min(1)).min(1).optional() }),
    response: exportResultSchema,
    writes: false,
  },
  /** CSV of every sampled architecture, in sample order. */
  'exports.samples': { request: z.object({ runId, file }), response: exportResultSchema, writes: false },
  /**
   * The derived ranking (or every successful sample, `source: 'samples'`) as JSON, or as official arc
   * strings, one per line, best first, ready to paste as `--fixed_arc`.
   */
  'exports.architectures': {
    request: z.object({
      runId,
      file,
      format: z.enum(['json', 'arc']),
      source: z.enum(['derived', 'samples']).default('derived'),
    }),
    response: exportResultSchema,
    writes: false,
  },
  /** The weights of a checkpoint (the latest when `checkpointId` is absent) as a safetensors file. */
  'exports.weights': {
    request: z.object({ runId, file, checkpointId: z.number().int().positive().optional() }),
    response: exportResultSchema,
    writes: false,
  },
} as const satisfies Record<string, ApiMethodSpec>;
