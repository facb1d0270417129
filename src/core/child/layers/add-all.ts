/**
 * The sum of many same-shaped tensors, in groups of at most four. tfjs-backend-webgpu compiles AddN into
 * one shader with a storage buffer per input and WebGPU refuses more than maxStorageBuffersPerShaderStage
 * (8 by default): `tf.addN` of the ~140 per-weight terms of an L2 penalty fails there ("The number of storage
 * buffers (137) in the Compute stage exceeds the maximum per-stage limit (8)"), measured with Dawn.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';

const GROUP = 4;

export function addAll<T extends tf.Tensor>(tensors: readonly T[]): T {
  if (tensors.length === 0) throw new EnasError('INTERNAL', 'addAll needs at least one tensor');
  let level: T[] = [...tensors];
  while (level.length > 1) {
    const next: T[] = [];
    for (let i = 0; i < level.length; i += GROUP) {
      const group = level.slice(i, i + GROUP);
      next.push(group.length === 1 ? (group[0] as T) : tf.addN(group));
    }
    level = next;
  }
  return level[0] as T;
}
