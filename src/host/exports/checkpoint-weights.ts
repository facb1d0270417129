/**
 * Reads the weights out of a trainer checkpoint (src/shared/checkpoint-codec.ts) for the safetensors export:
 * the supernet's (or the retrained network's) weights by their stable names, and for an enas or enas-memory
 * search the controller's too, under a `controller/` prefix. Optimizer slots, generator states and the replay
 * memory are left out: they are for resuming, not for using the weights.
 */
import { decodeCheckpoint } from '../../shared/checkpoint-codec';
import { EnasError } from '../../shared/errors';
import type { CheckpointWeightsReader } from './export-weights';
import type { NamedTensor } from './safetensors';

interface Snapshot {
  shape: number[];
  values: Float32Array;
}

function tensors(prefix: string, snapshot: unknown, file: string): NamedTensor[] {
  if (typeof snapshot !== 'object' || snapshot === null) return [];
  return Object.entries(snapshot as Record<string, Snapshot>).map(([name, w]) => {
    if (!(w?.values instanceof Float32Array) || !Array.isArray(w.shape)) {
      throw new EnasError('CHECKPOINT_INVALID', `${file}: weight "${name}" is not a float32 tensor`);
    }
    return { name: `${prefix}${name}`, dtype: 'F32', shape: w.shape, data: w.values };
  });
}

export const readCheckpointWeights: CheckpointWeightsReader = (bytes) => {
  const file = 'checkpoint';
  const decoded = decodeCheckpoint(bytes, file) as {
    kind?: unknown;
    state?: { task?: { weights?: unknown }; weights?: unknown; strategy?: { strategy?: unknown; controller?: { weights?: unknown } } };
  };
  if (decoded.kind === 'retrain') return tensors('', decoded.state?.weights, file);
  if (decoded.kind === 'search') {
    // Both controller strategies hold the same controller (enas-memory's replay memory is not a weight).
    const strategy = decoded.state?.strategy?.strategy;
    const controller = strategy === 'enas' || strategy === 'enas-memory' ? decoded.state?.strategy?.controller?.weights : undefined;
    return [...tensors('', decoded.state?.task?.weights, file), ...tensors('controller/', controller, file)];
  }
  throw new EnasError('CHECKPOINT_INVALID', `${file}: neither a search nor a retrain checkpoint`);
};
