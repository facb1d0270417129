/**
 * A checkpoint's weights as a safetensors file. What a checkpoint file holds is the trainer's format, so
 * the tensors come from a reader the host is given (`readCheckpointWeights`); this module picks the
 * checkpoint, checks it still matches its row, and writes the file with the run's identity as metadata.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ExportResult } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import type { RunRecord } from '../../shared/run';
import type { Store } from '../../store/store';
import { writeFileAtomically } from './atomic-file';
import { writeSafetensors } from './safetensors';
import type { NamedTensor } from './safetensors';

/** Decodes the named weight tensors out of a checkpoint file's bytes. */
export type CheckpointWeightsReader = (checkpoint: Uint8Array) => Promise<NamedTensor[]> | NamedTensor[];

export async function exportWeights(
  store: Pick<Store, 'checkpoints'>,
  run: RunRecord,
  file: string,
  checkpointId: number | undefined,
  readWeights: CheckpointWeightsReader | undefined,
): Promise<ExportResult> {
  if (readWeights === undefined) {
    throw new EnasError('EXPORT_UNAVAILABLE', 'weights export: this host was started without a checkpoint reader');
  }
  const checkpoint = checkpointId === undefined ? store.checkpoints.latest(run.id) : store.checkpoints.get(checkpointId);
  if (checkpoint === undefined || checkpoint.runId !== run.id) {
    throw new EnasError(
      'EXPORT_UNAVAILABLE',
      checkpointId === undefined
        ? `run ${run.id} has no checkpoint yet: weights can be exported once one is written`
        : `run ${run.id} has no checkpoint with id ${checkpointId}`,
      { runId: run.id },
    );
  }
  const data = await readFile(checkpoint.path);
  const sha256 = createHash('sha256').update(data).digest('hex');
  if (data.length !== checkpoint.bytes || sha256 !== checkpoint.sha256) {
    throw new EnasError(
      'CHECKPOINT_MISMATCH',
      `${checkpoint.path}: expected ${checkpoint.bytes} bytes with sha256 ${checkpoint.sha256}, found ${data.length} bytes with sha256 ${sha256}`,
      { file: checkpoint.path },
    );
  }
  const tensors = await readWeights(data);
  const metadata = {
    format: 'enas-workbench',
    runId: String(run.id),
    runName: run.name,
    space: run.space,
    step: String(checkpoint.step),
    checkpointSha256: checkpoint.sha256,
  };
  const bytes = await writeFileAtomically(file, (sink) => writeSafetensors(sink, tensors, metadata));
  return { file, bytes, rows: tensors.length };
}
