/**
 * Makes the tfjs wasm backend able to train the ENAS child networks (docs/architecture.md §5).
 *
 * @tensorflow/tfjs-backend-wasm 4.22 has fast XNNPACK forward kernels but no Conv2DBackpropFilter,
 * DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput or UnsortedSegmentSum, which the
 * gradients of conv2d, depthwiseConv2d / separableConv2d and gather need. We add those and a fused batch norm
 * (forward and gradient, batch-norm-train.ts) and a fused optimiser step (sgd-step.ts), and replace kernels of its that are correct but slow in
 * training: Conv2DBackpropInput, AvgPoolGrad and MaxPoolGrad, Sum and Mean
 * over leading axes (batch norm), Tile (tf.batchNorm's gradient), Identity and Cast (copies where a reference
 * does), Slice, SplitV and Concat, and BatchMatMul with a transposed operand. Each file says what it measured.
 *
 * Registration is idempotent and may happen before or after the wasm backend initialises: tfjs looks kernels
 * up on every call. Our configs carry a global symbol, so a second call (or a second copy of this module)
 * recognises them; a kernel that a newer wasm backend ships itself is left alone.
 */
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { EnasError } from '../../../shared/errors';
import { avgPoolGradConfig } from './avg-pool-grad';
import { batchNormTrainConfig, batchNormTrainGradConfig } from './batch-norm-train';
import { createBatchMatMulConfig } from './batch-mat-mul';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { createConv2dBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { maxPoolGradConfig } from './max-pool-grad';
import { sgdStepConfig } from './sgd-step';
import { createSliceConfig, createSplitVConfig } from './slice';
import { createConcatConfig } from './concat';
import { createCastConfig, createIdentityConfig } from './identity';
import { createMeanConfig, createSumConfig } from './reduce-leading-axes';
import { createTileConfig } from './tile';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

const OURS = Symbol.for('enas-workbench/wasm-training-kernel');

/**
 * Kernels the wasm backend lacks, our fused batch norm (src/core/child/layers/batch-norm-kernels.ts) and our
 * fused optimiser step (src/core/child/optim/sgd-step-kernel.ts).
 */
const ADDED: readonly KernelConfig[] = [
  batchNormTrainConfig,
  batchNormTrainGradConfig,
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  unsortedSegmentSumConfig,
  sgdStepConfig,
];

/**
 * Kernels the wasm backend has, replaced by faster ones; `create` receives wasm's own kernel, to which the
 * replacement may fall back where it does not apply.
 */
const REPLACED: readonly { kernelName: string; create: (original: KernelConfig) => KernelConfig }[] = [
  { kernelName: 'Conv2DBackpropInput', create: createConv2dBackpropInputConfig },
  { kernelName: 'AvgPoolGrad', create: () => avgPoolGradConfig },
  { kernelName: 'MaxPoolGrad', create: () => maxPoolGradConfig },
  { kernelName: 'Tile', create: createTileConfig },
  { kernelName: 'Slice', create: createSliceConfig },
  { kernelName: 'SplitV', create: createSplitVConfig },
  { kernelName: 'Concat', create: createConcatConfig },
  { kernelName: 'Sum', create: createSumConfig },
  { kernelName: 'Mean', create: createMeanConfig },
  { kernelName: 'Identity', create: createIdentityConfig },
  { kernelName: 'Cast', create: createCastConfig },
  { kernelName: 'BatchMatMul', create: createBatchMatMulConfig },
];

/** What one call changed; empty lists when everything was in place already. */
export interface WasmKernelRegistration {
  added: string[];
  replaced: string[];
}

function isOurs(config: KernelConfig | undefined): boolean {
  return config !== undefined && OURS in config;
}

function mark(config: KernelConfig): KernelConfig {
  return Object.assign({}, config, { [OURS]: true });
}

/** Registers our training kernels for 'wasm'. Needs @tensorflow/tfjs-backend-wasm to be imported first. */
export function registerWasmTrainingKernels(): WasmKernelRegistration {
  const registration: WasmKernelRegistration = { added: [], replaced: [] };
  for (const config of ADDED) {
    if (getKernel(config.kernelName, 'wasm') !== undefined) continue;
    registerKernel(mark(config));
    registration.added.push(config.kernelName);
  }
  for (const { kernelName, create } of REPLACED) {
    const original = getKernel(kernelName, 'wasm');
    if (original === undefined) {
      throw new EnasError(
        'BACKEND_UNAVAILABLE',
        `wasm kernel ${kernelName} is not registered: import @tensorflow/tfjs-backend-wasm before registering training kernels`,
      );
    }
    if (isOurs(original)) continue;
    unregisterKernel(kernelName, 'wasm');
    registerKernel(mark(create(original)));
    registration.replaced.push(kernelName);
  }
  return registration;
}
