/**
 * Registers tfjs-core's gradient functions, without which `tf.grad` fails ("gradient function not found").
 *
 * @tensorflow/tfjs-core's Node entry (dist/tf-core.node.js) carries only a handful of gradients; the full set is
 * registered by dist/register_all_gradients.js, an ES module whose relative imports have no file extension
 * ('./gradients/Abs_grad', and './gradients' meaning gradients.js next to a gradients/ folder). Bundlers
 * (electron-vite, vitest) resolve those; Node's own loader, which tsx uses for packages, does not. A resolve
 * hook retries such an import with '.js' for files inside @tensorflow packages only.
 *
 * That module is a second copy of tfjs-core's code, but tfjs keeps its engine, flags and kernel and gradient
 * registries on the global object, so what it registers is what the main copy looks up.
 */
import { register } from 'node:module';
import { getGradient } from '@tensorflow/tfjs-core';

const TFJS_ESM_RESOLVE_HOOK = `
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const parent = context.parentURL ?? '';
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (relative && parent.includes('/node_modules/@tensorflow/') && !specifier.endsWith('.js')) {
      return nextResolve(specifier + '.js', context);
    }
    throw err;
  }
}`;

let hookRegistered = false;

/** Registers every tfjs-core gradient once per process; later calls return at once. */
export async function registerTfjsGradients(): Promise<void> {
  if (getGradient('Conv2D') !== undefined) return;
  if (!hookRegistered) {
    register(`data:text/javascript,${encodeURIComponent(TFJS_ESM_RESOLVE_HOOK)}`);
    hookRegistered = true;
  }
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
}
