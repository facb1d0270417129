/**
 * Backend selection (docs/architecture.md §5): a forced backend is used or is an error, automatic selection takes the
 * best candidate that starts and says why each better one was skipped. On the 2-core development box
 * (no GPU, no libtensorflow, Dawn without a Vulkan loader) automatic selection picks wasm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { BACKEND_NAMES } from '../../shared/config/run';
import { selectBackend } from './select-backend';

async function rejection(promise: Promise<unknown>): Promise<EnasError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('selectBackend', () => {
  it('uses a forced cpu backend and records the others as not tried', async () => {
    const selection = await selectBackend({ forced: 'cpu' });
    expect(selection.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(selection.reasons).toEqual({
      tensorflow: 'not tried: --backend cpu',
      webgpu: 'not tried: --backend cpu',
      wasm: 'not tried: --backend cpu',
      cpu: 'selected',
    });
    expect(selection.versions['@tensorflow/tfjs-core']).toBe(tf.version_core);
    expect(selection.versions['@tensorflow/tfjs-backend-cpu']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('uses a forced wasm backend with the training kernels registered, and can train on it', async () => {
    const selection = await selectBackend({ forced: 'wasm' });
    expect(selection.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.versions['wasm-simd']).toMatch(/^(true|false)$/);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const grad = tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, f as tf.Tensor4D, 1, 'same')));
    expect(Array.from(grad(tf.ones([3, 3, 2, 1])).dataSync())).toEqual([9, 9, 12, 12, 9, 9, 12, 12, 16, 16, 12, 12, 9, 9, 12, 12, 9, 9]);
  });

  it('rejects an unknown --backend name with BACKEND_UNKNOWN listing the choices', async () => {
    const err = await rejection(selectBackend({ forced: 'cuda' }));
    expect(err.code).toBe('BACKEND_UNKNOWN');
    expect(err.message).toContain('tensorflow, webgpu, wasm, cpu');
  });

  it('fails a forced tensorflow backend loudly where tfjs-node-gpu cannot load, never falling back', async () => {
    const outcome = await selectBackend({ forced: 'tensorflow' }).then(
      (selection) => selection.backend,
      (err: unknown) => err,
    );
    if (outcome === 'tensorflow') {
      expect(tf.getBackend()).toBe('tensorflow');
      return;
    }
    expect(outcome).toBeInstanceOf(EnasError);
    expect((outcome as EnasError).code).toBe('BACKEND_UNAVAILABLE');
    expect((outcome as EnasError).message).toMatch(/^BACKEND_UNAVAILABLE: --backend tensorflow cannot be used: @tensorflow\/tfjs-node-gpu/);
  });

  it('selects automatically the best backend that starts, with a reason for each one skipped', async () => {
    const selection = await selectBackend();
    const rank = BACKEND_NAMES.indexOf(selection.backend);
    expect(tf.getBackend()).toBe(selection.backend);
    BACKEND_NAMES.forEach((name, i) => {
      const reason = selection.reasons[name];
      if (i < rank) expect(reason, name).not.toMatch(/^(selected|not tried)/);
      if (i === rank) expect(reason).toBe('selected');
      if (i > rank) expect(reason, name).toBe('not tried: a better backend was selected');
    });
    // wasm runs wherever WebAssembly does, so the pure-JS cpu backend is never the automatic choice.
    expect(selection.backend).not.toBe('cpu');
  });
});
