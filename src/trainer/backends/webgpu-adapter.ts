/**
 * Finding a WebGPU adapter in Node through Dawn (the npm package `webgpu`, docs/architecture.md §5), and exposing it where
 * @tensorflow/tfjs-backend-webgpu looks for it: `navigator.gpu`, which Node 20 does not define.
 *
 * Dawn's instance lives as long as something references it and keeps Node from exiting meanwhile (its README,
 * "Lifetime"), so a caller that does not end up using the adapter must call `releaseWebgpu`.
 *
 * On a CPU-only Linux box Dawn finds nothing by default: it dlopens libvulkan.so.1 (not installed here) and
 * needs a Vulkan driver. Chromium ships both (LD_LIBRARY_PATH=/usr/lib/chromium,
 * VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json); that adapter is SwiftShader, a CPU emulation.
 */
import type * as Dawn from 'webgpu';

type AdapterSearch = { ok: true; adapter: GPUAdapter } | { ok: false; reason: string };

interface AdapterDescription {
  /** Vendor, architecture and description as the driver reports them. */
  text: string;
  /** A CPU implementation (SwiftShader, lavapipe/llvmpipe) or one the browser would call a fallback. */
  software: boolean;
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? text).trim();
}

function installNavigatorGpu(gpu: GPU): void {
  const global = globalThis as { navigator?: object };
  if (global.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(global.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

/** Drops our reference to Dawn so that the process can exit. */
export function releaseWebgpu(): void {
  const navigator = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (navigator !== undefined && 'gpu' in navigator) delete navigator.gpu;
}

/** Loads Dawn and asks for a high-performance adapter; on success it is reachable as navigator.gpu. */
export async function findWebgpuAdapter(): Promise<AdapterSearch> {
  let dawn: typeof Dawn;
  try {
    dawn = await import('webgpu');
  } catch (err) {
    return { ok: false, reason: `the npm package webgpu (Dawn for Node) did not load: ${messageOf(err)}` };
  }
  // GPUBufferUsage, GPUMapMode, … : constants tfjs-backend-webgpu reads from the global scope.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, reason: `Dawn's requestAdapter failed: ${messageOf(err)}` };
  }
  if (adapter === null) {
    return {
      ok: false,
      reason: 'Dawn found no WebGPU adapter (no usable Vulkan, Metal or D3D12 device; on Linux it needs libvulkan.so.1 and a Vulkan driver)',
    };
  }
  installNavigatorGpu(gpu);
  return { ok: true, adapter };
}

export function describeWebgpuAdapter(adapter: GPUAdapter): AdapterDescription {
  // `info` is newer than some @webgpu/types releases: read it as unknown.
  const info: unknown = (adapter as unknown as { info?: unknown }).info;
  const field = (name: string): string => {
    const value: unknown = typeof info === 'object' && info !== null ? (info as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : '';
  };
  const text = [field('vendor'), field('architecture'), field('device'), field('description')].filter((s) => s !== '').join(' / ');
  const fallback = adapter.isFallbackAdapter === true;
  return {
    text: text === '' ? 'unnamed adapter' : text,
    software: fallback || /swiftshader|llvmpipe|lavapipe|software/i.test(text),
  };
}
