/**
 * Initial values of child weights, drawn from the run's seeded Prng so that a run is replayable from its
 * seed (style.md: randomness is seeded and injected). The official code initialises convolution and dense
 * weights with He-normal (`create_weight` in src/common_ops.py uses keras `he_normal`), the PTB child with
 * a uniform range that shrinks with the hidden size (ptb_enas_child.py `_build_params`).
 */
import type { Prng } from '../../random/prng';

/** How a weight starts. `fanIn` is the number of inputs feeding one output unit. */
export type Initializer =
  | { readonly kind: 'he-normal'; readonly fanIn: number }
  | { readonly kind: 'uniform'; readonly range: number }
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' };

/**
 * A standard normal draw truncated to [−2, 2] (as keras' he_normal truncates), by Box–Muller with
 * rejection; each call consumes a whole number of Prng draws, so the stream stays replayable.
 */
function truncatedNormal(prng: Prng): number {
  for (;;) {
    // 1 − next() lies in (0, 1], so the logarithm is finite.
    const u = 1 - prng.next();
    const v = prng.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    if (Math.abs(z) <= 2) return z;
  }
}

/** `size` initial values for `init`. */
export function initialValues(init: Initializer, size: number, prng: Prng): Float32Array {
  const values = new Float32Array(size);
  switch (init.kind) {
    case 'zeros':
      return values;
    case 'ones':
      return values.fill(1);
    case 'uniform':
      for (let i = 0; i < size; i++) values[i] = (2 * prng.next() - 1) * init.range;
      return values;
    case 'he-normal': {
      // keras scales a truncated normal's stddev by 1/0.8796 so that the truncated draw has the target
      // stddev sqrt(2 / fanIn).
      const std = Math.sqrt(2 / Math.max(1, init.fanIn)) / 0.87962566103423978;
      for (let i = 0; i < size; i++) values[i] = truncatedNormal(prng) * std;
      return values;
    }
  }
}
