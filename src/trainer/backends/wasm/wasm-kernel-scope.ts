/**
 * Composing a kernel out of other wasm kernels, at kernel level.
 *
 * A training kernel we register for the wasm backend calls wasm's own kernels through
 * `getKernel(name, 'wasm').kernelFunc` and frees its intermediates with `backend.disposeData`. It never wraps
 * a TensorInfo back into an engine tensor: the engine is in the middle of running our kernel, and a prototype
 * that re-entered it that way corrupted memory. A scope tracks every intermediate so that an exception half
 * way through frees them too (docs/reliability.md T5: no tensor leaks).
 */
import { getKernel } from '@tensorflow/tfjs-core';
import type { DataId, DataType, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EnasError } from '../../../shared/errors';

/** The `backend` a kernel receives is typed `{}` by tfjs; check that it is the wasm backend we compose on. */
export function asWasmBackend(backend: unknown, kernelName: string): BackendWasm {
  const candidate = backend as Partial<BackendWasm> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.typedArrayFromHeap !== 'function' ||
    typeof candidate.makeOutput !== 'function' ||
    typeof candidate.disposeData !== 'function'
  ) {
    throw new EnasError('INTERNAL', `${kernelName}: expected the tfjs wasm backend, received another backend`);
  }
  return candidate as BackendWasm;
}

/** Runs a kernel registered for 'wasm' on TensorInfos; the caller owns (and must free) the output. */
function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = getKernel(kernelName, 'wasm');
  if (config === undefined) {
    throw new EnasError('INTERNAL', `wasm kernel ${kernelName} is not registered (is @tensorflow/tfjs-backend-wasm loaded?)`);
  }
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new EnasError('INTERNAL', `wasm kernel ${kernelName} returned ${out.length} outputs where one was expected`);
  }
  return out;
}

/** A kernel input tfjs-core always passes; missing means a caller bypassed the op, an internal error. */
export function requireInput(inputs: NamedTensorInfoMap, name: string, kernelName: string): TensorInfo {
  const input = inputs[name];
  if (input === undefined) throw new EnasError('INTERNAL', `${kernelName}: input ${name} is missing`);
  return input;
}

/** Checks a composed result against the shape the kernel must return: a wrong shape is our bug, caught here. */
export function expectShape(info: TensorInfo, shape: readonly number[], kernelName: string): TensorInfo {
  if (info.shape.length !== shape.length || info.shape.some((d, i) => d !== shape[i])) {
    throw new EnasError('INTERNAL', `${kernelName}: computed shape [${info.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  return info;
}

/** The same data seen with another shape of the same size (no copy, no new reference). */
export function reshapeView(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Intermediates of one kernel call; everything not handed out with `release` is freed by `dispose`. */
export class WasmKernelScope {
  private readonly owned: DataId[] = [];

  constructor(readonly backend: BackendWasm) {}

  /** Runs another wasm kernel; its output is an intermediate of this scope. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    return this.track(runWasmKernel(this.backend, kernelName, inputs, attrs));
  }

  /** Allocates an uninitialised tensor on the wasm heap, owned by this scope. */
  alloc(shape: number[], dtype: DataType): TensorInfo {
    return this.track(this.backend.makeOutput(shape, dtype));
  }

  /** The float32 contents of a tensor on the wasm heap. Take it after the last allocation: a heap growth detaches it. */
  f32(info: TensorInfo): Float32Array {
    const view = this.backend.typedArrayFromHeap(info);
    if (!(view instanceof Float32Array)) {
      throw new EnasError('INTERNAL', `expected a float32 tensor, received dtype ${info.dtype}`);
    }
    return view;
  }

  /** Takes ownership of a tensor another kernel just made (e.g. a replaced kernel's original). */
  adopt(info: TensorInfo | TensorInfo[]): TensorInfo {
    if (Array.isArray(info)) {
      for (const one of info) this.track(one);
      throw new EnasError('INTERNAL', `a composed kernel received ${info.length} outputs where one was expected`);
    }
    return this.track(info);
  }

  /** Hands a tensor made in this scope (or a reshaped view of one) to the caller: it outlives the scope. */
  release(info: TensorInfo): TensorInfo {
    const at = this.owned.indexOf(info.dataId);
    if (at < 0) {
      throw new EnasError('INTERNAL', 'a composed kernel tried to return a tensor it did not create');
    }
    this.owned.splice(at, 1);
    return info;
  }

  dispose(): void {
    for (const dataId of this.owned.splice(0)) this.backend.disposeData(dataId);
  }

  private track(info: TensorInfo): TensorInfo {
    this.owned.push(info.dataId);
    return info;
  }
}

/** Runs `body` in a fresh scope and returns its result; every other intermediate is freed, even on a throw. */
export function composeOnWasm(backend: BackendWasm, body: (scope: WasmKernelScope) => TensorInfo): TensorInfo {
  const scope = new WasmKernelScope(backend);
  try {
    return scope.release(body(scope));
  } finally {
    scope.dispose();
  }
}
