/**
 * Our WebAssembly SIMD kernels, instantiated against tfjs-wasm's own memory so that they read and write its
 * tensors in place (no copies). tfjs keeps the Emscripten module's exports on `backend.wasm.asm`; where that
 * memory is not reachable, is shared (the threaded build, which Node never loads) or SIMD does not validate,
 * `simdKernelsFor` returns undefined and callers take their fallback path (scalar JavaScript or XNNPACK).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { affineRows } from './affine-rows';
import { copyRows } from './copy-rows';
import { dotRows } from './dot-rows';
import { maxWindowScatter } from './max-window-scatter';
import { outerRows } from './outer-rows';
import { writeModule } from './wasm-module-writer';

/**
 * The parts of the WebAssembly JS API used here. Node has them, but this project's type libraries (ES2022 +
 * @types/node, no DOM) do not declare them.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => WasmMemory;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Byte addresses and counts; see each kernel's file for its contract. */
export interface SimdKernels {
  dotRows(x: number, dy: number, acc: number, n: number, xStep: number, dyStep: number, vecs: number): void;
  copyRows(src: number, dst: number, rows: number, bytes: number, srcStride: number, dstStride: number): void;
  maxWindowScatter(window: number, rowStep: number, rows: number, cols: number, colStep: number, vecs: number, dy: number, dxMinusX: number): void;
  outerRows(x: number, dy: number, acc: number, rows: number, xStep: number, dyStep: number, ciBlocks: number, vecs: number, accStride: number): void;
  affineRows(x: number, y: number, coef: number, out: number, rows: number, vecs: number): void;
}

const FUNCTIONS = [dotRows, copyRows, maxWindowScatter, outerRows, affineRows];
let enabled = true;

/**
 * Turns the SIMD kernels off (or back on) for this process, so that tests can exercise the fallback paths a
 * runtime without WebAssembly SIMD would take.
 */
export function useSimdKernels(on: boolean): void {
  enabled = on;
}
const instances = new WeakMap<WasmMemory, SimdKernels | null>();

function instantiate(memory: WasmMemory): SimdKernels | null {
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
  const bytes = writeModule(FUNCTIONS);
  if (!webAssembly.validate(bytes)) return null;
  const { exports } = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
  if (FUNCTIONS.some((f) => typeof exports[f.name] !== 'function')) return null;
  return exports as unknown as SimdKernels;
}

/** The kernels bound to this backend's heap, or undefined where they cannot run. */
export function simdKernelsFor(backend: BackendWasm): SimdKernels | undefined {
  if (!enabled) return undefined;
  const memory: unknown = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  if (!(memory instanceof webAssembly.Memory)) return undefined;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    kernels = instantiate(memory);
    instances.set(memory, kernels);
  }
  return kernels ?? undefined;
}
