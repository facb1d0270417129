/**
 * Identity and same-dtype Cast for the wasm backend by reference counting, as the cpu backend does, instead of
 * wasm's copy. tfjs-core clones every tensor a gradient saves (Identity) and tf.moments casts float32 to
 * float32: ≈ 1 400 copies of up to 2.6 MB in one ENAS child step, measured here. No tfjs kernel writes into
 * its inputs, so sharing the buffer is safe; Reshape already shares it the same way.
 */
import { Cast, Identity } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend } from './wasm-kernel-scope';

function withSetup(config: KernelConfig, original: KernelConfig): KernelConfig {
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}

function share(backend: unknown, kernelName: string, x: TensorInfo): TensorInfo {
  asWasmBackend(backend, kernelName).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function createIdentityConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'];
    return x === undefined || x.dtype === 'string' ? original.kernelFunc(args) : share(args.backend, Identity, x);
  };
  return withSetup({ kernelName: Identity, backendName: 'wasm', kernelFunc }, original);
}

export function createCastConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'];
    const same = x !== undefined && x.dtype !== 'string' && args.attrs?.['dtype'] === x.dtype;
    return same ? share(args.backend, Cast, x) : original.kernelFunc(args);
  };
  return withSetup({ kernelName: Cast, backendName: 'wasm', kernelFunc }, original);
}
