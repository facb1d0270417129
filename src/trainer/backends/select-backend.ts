/**
 * Picks the tfjs compute backend at trainer start (docs/architecture.md §5): best first tensorflow (CUDA through
 * @tensorflow/tfjs-node-gpu), webgpu (Dawn for Node), wasm (XNNPACK, with our training kernels), cpu. A forced
 * backend (`--backend`) that fails is an error, never a silent fallback. The result says, for every candidate,
 * why it was or was not used, for the UI and the run record.
 *
 * On return the backend is ready to train: it is tfjs's active backend and tfjs-core's gradients are registered.
 */
import * as tf from '@tensorflow/tfjs-core';
// The candidates, best first (tfjs's own backend names), are the list the run config and the protocol declare.
import { BACKEND_NAMES } from '../../shared/config/run';
import type { BackendName } from '../../shared/config/run';
import { EnasError } from '../../shared/errors';
import { registerTfjsGradients } from './register-tfjs-gradients';
import { describeWebgpuAdapter, findWebgpuAdapter, releaseWebgpu } from './webgpu-adapter';
import { registerWasmTrainingKernels } from './wasm/register-wasm-training-kernels';


export interface BackendSelection {
  backend: BackendName;
  /** 'selected' for the one in use; otherwise why it was skipped, or that it was not tried. */
  reasons: Record<BackendName, string>;
  /** What computed the run (package versions, the GPU adapter, wasm flavour), stored with it. */
  versions: Record<string, string>;
}

export interface SelectBackendOptions {
  /** `--backend`: use exactly this backend, or fail. Checked here, since it arrives as a command-line string. */
  forced?: string;
  /**
   * Accept a software WebGPU adapter (SwiftShader, lavapipe) in automatic selection. Default false: measured
   * here, tfjs conv2d on SwiftShader took 1–2 s where wasm takes 11 ms. A forced webgpu always accepts one.
   */
  allowSoftwareWebgpu?: boolean;
}

type Attempt = { ok: true; versions: Record<string, string> } | { ok: false; reason: string };

const NOT_TRIED = 'not tried: a better backend was selected';

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? text).trim();
}

async function activate(name: BackendName): Promise<string | undefined> {
  try {
    return (await tf.setBackend(name)) ? undefined : `tf.setBackend('${name}') could not initialise it (see the log)`;
  } catch (err) {
    return `tf.setBackend('${name}') threw: ${messageOf(err)}`;
  }
}

async function tryTensorflow(): Promise<Attempt> {
  // An optionalDependency whose install downloads libtensorflow; a variable specifier keeps bundlers and the
  // type checker from requiring it where it is absent.
  const specifier = '@tensorflow/tfjs-node-gpu';
  let loaded: unknown;
  try {
    loaded = await import(specifier);
  } catch (err) {
    return { ok: false, reason: `${specifier} did not load: ${messageOf(err)}` };
  }
  const failure = await activate('tensorflow');
  if (failure !== undefined) return { ok: false, reason: failure };
  const version = (loaded as { version?: Record<string, unknown> }).version?.['tfjs-node'];
  return { ok: true, versions: { [specifier]: typeof version === 'string' ? version : 'unknown' } };
}

async function tryWebgpu(allowSoftware: boolean): Promise<Attempt> {
  const found = await findWebgpuAdapter();
  if (!found.ok) return found;
  const description = describeWebgpuAdapter(found.adapter);
  if (description.software && !allowSoftware) {
    releaseWebgpu();
    return {
      ok: false,
      reason: `only a software adapter (${description.text}): it emulates a GPU on the CPU and is far slower than wasm`,
    };
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  const failure =
    tf.findBackendFactory('webgpu') === null
      ? '@tensorflow/tfjs-backend-webgpu was loaded before navigator.gpu existed and did not register itself'
      : await activate('webgpu');
  if (failure !== undefined) {
    releaseWebgpu();
    return { ok: false, reason: failure };
  }
  return { ok: true, versions: { 'webgpu-adapter': description.text } };
}

async function tryWasm(): Promise<Attempt> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const registration = registerWasmTrainingKernels();
  const failure = await activate('wasm');
  if (failure !== undefined) return { ok: false, reason: failure };
  return {
    ok: true,
    versions: {
      '@tensorflow/tfjs-backend-wasm': wasm.version_wasm,
      'wasm-simd': String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')),
      'wasm-threads': String(wasm.getThreadsCount()),
      'wasm-training-kernels': [...registration.added, ...registration.replaced].join(' ') || 'already registered',
    },
  };
}

async function tryCpu(): Promise<Attempt> {
  const cpu = await import('@tensorflow/tfjs-backend-cpu');
  const failure = await activate('cpu');
  if (failure !== undefined) return { ok: false, reason: failure };
  return { ok: true, versions: { '@tensorflow/tfjs-backend-cpu': cpu.version_cpu } };
}

function attempt(name: BackendName, options: SelectBackendOptions, forced: boolean): Promise<Attempt> {
  switch (name) {
    case 'tensorflow':
      return tryTensorflow();
    case 'webgpu':
      return tryWebgpu(forced || options.allowSoftwareWebgpu === true);
    case 'wasm':
      return tryWasm();
    case 'cpu':
      return tryCpu();
  }
}

function parseForced(forced: string | undefined): BackendName | undefined {
  if (forced === undefined) return undefined;
  const name = BACKEND_NAMES.find((n) => n === forced);
  if (name === undefined) {
    throw new EnasError('BACKEND_UNKNOWN', `--backend ${JSON.stringify(forced)}: expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  return name;
}

/** Selects, initialises and activates the tfjs backend; see the file comment. */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const forced = parseForced(options.forced);
  await registerTfjsGradients();
  const reasons = Object.fromEntries(BACKEND_NAMES.map((n) => [n, NOT_TRIED])) as Record<BackendName, string>;
  const candidates = forced === undefined ? BACKEND_NAMES : [forced];
  for (const name of candidates) {
    const result = await attempt(name, options, forced !== undefined);
    if (!result.ok) {
      reasons[name] = result.reason;
      continue;
    }
    if (forced !== undefined) {
      for (const other of BACKEND_NAMES) if (other !== forced) reasons[other] = `not tried: --backend ${forced}`;
    }
    reasons[name] = 'selected';
    return { backend: name, reasons, versions: { '@tensorflow/tfjs-core': tf.version_core, ...result.versions } };
  }
  if (forced !== undefined) {
    throw new EnasError('BACKEND_UNAVAILABLE', `--backend ${forced} cannot be used: ${reasons[forced]}`, { reasons });
  }
  throw new EnasError('BACKEND_UNAVAILABLE', `no tfjs backend could be started: ${JSON.stringify(reasons)}`, { reasons });
}
