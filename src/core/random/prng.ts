/**
 * A seeded pseudo-random generator whose whole state is four 32-bit words, so a run can checkpoint it
 * and a resumed run draws exactly the numbers an uninterrupted one would (docs/reliability.md T1.2).
 *
 * xoshiro128** (Blackman & Vigna, 2018): fast in 32-bit JavaScript integer arithmetic, passes BigCrush,
 * and unlike Math.random it can be replayed. Seeds are expanded with splitmix32 so that nearby seeds
 * (0, 1, 2, …) give unrelated streams.
 */

/** The serialisable state of a {@link Prng}: four unsigned 32-bit words, not all zero. */
export type PrngState = readonly [number, number, number, number];

export interface Prng {
  /** A float uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** An integer uniform in [0, n). `n` must be a positive integer. */
  int(n: number): number;
  /** A copy of the current state; `createPrngFromState(state)` continues the same stream. */
  state(): PrngState;
  /**
   * Continue from a state taken with `state()`, in place. Objects that hold this generator (a supernet
   * drawing dropout masks, a data loader) then draw what they would have drawn at that point: how a run
   * resumed from a checkpoint replays an uninterrupted one.
   */
  setState(state: PrngState): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator seeded from an integer seed (any safe integer; only its low 32 bits and sign matter). */
export function createPrng(seed: number): Prng {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  }
  const mix = splitmix32(seed ^ Math.floor(seed / 0x100000000));
  return createPrngFromState([mix(), mix(), mix(), mix()]);
}

/**
 * A generator for item `index` of a named `stream` of a run's `seed` (e.g. the warm-up sample of step 12):
 * a pure function of the three numbers, so whatever draws from it needs no checkpointed state to replay, and
 * it never touches the streams seeded with `createPrng(seed)`. Each number is folded in through splitmix32.
 */
export function createStreamPrng(seed: number, stream: number, index: number): Prng {
  for (const [name, n] of [['seed', seed], ['stream', stream], ['index', index]] as const) {
    if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be a safe integer, got ${String(n)}`);
  }
  const fold = (acc: number, n: number): number => splitmix32((acc ^ n ^ Math.floor(n / 0x100000000)) >>> 0)();
  const mixed = fold(fold(fold(0x5eed, seed), stream), index);
  const mix = splitmix32(mixed);
  return createPrngFromState([mix(), mix(), mix(), (mix() | 1) >>> 0]);
}

/** A generator that continues from a state taken with `prng.state()`. */
function checkState(state: PrngState): void {
  if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
    throw new RangeError(`PRNG state must be four unsigned 32-bit integers, got ${JSON.stringify(state)}`);
  }
  if (state.every((w) => w === 0)) {
    throw new RangeError('PRNG state must not be all zero (xoshiro128** would emit only zeros)');
  }
}

export function createPrngFromState(initial: PrngState): Prng {
  checkState(initial);
  let [a, b, c, d] = initial;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };
  return {
    next: () => nextUint32() / 0x100000000,
    int: (n: number) => {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer n, got ${n}`);
      // Rejection sampling: a plain modulo would favour small values when 2^32 is not a multiple of n.
      const limit = 0x100000000 - (0x100000000 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
    state: () => [a, b, c, d],
    setState: (state: PrngState) => {
      checkState(state);
      [a, b, c, d] = state;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
