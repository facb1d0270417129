import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import { createSearchSpace } from './index';
import type { AnySearchSpace } from './index';

// Fixed seed so a failure replays; fast-check prints the seed and the shrunk counterexample on failure.
const SEED = 20180209;
const RUNS = 1000;

const SPACES: AnySearchSpace[] = [
  createSearchSpace({ space: 'macro', numLayers: 4, numBranches: 6 }),
  createSearchSpace({ space: 'macro', numLayers: 12, numBranches: 6 }),
  createSearchSpace({ space: 'micro', numNodes: 2, numBranches: 5 }),
  createSearchSpace({ space: 'micro', numNodes: 5, numBranches: 5 }),
  createSearchSpace({ space: 'rnn', numNodes: 4, numActivations: 4 }),
  createSearchSpace({ space: 'rnn', numNodes: 12, numActivations: 4 }),
  createSearchSpace({ space: 'nb201' }),
];

/** `space.decode` on a value of any type: a JSON payload or a controller bug is not type-checked. */
function decodeUnknown(space: AnySearchSpace, value: unknown): readonly number[] | EnasError {
  try {
    const arc = space.decode(value as readonly number[]);
    return encodeAny(space, arc);
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
}

/** `space.encode` for a space of any kind (on the union type, `encode` would want all arc types at once). */
function encodeAny(space: AnySearchSpace, arc: unknown): number[] {
  switch (space.name) {
    case 'macro':
      return space.encode(arc as Parameters<typeof space.encode>[0]);
    case 'micro':
      return space.encode(arc as Parameters<typeof space.encode>[0]);
    case 'rnn':
      return space.encode(arc as Parameters<typeof space.encode>[0]);
    case 'nb201':
      return space.encode(arc as Parameters<typeof space.encode>[0]);
  }
}

/** Tokens that are mostly small integers (so valid arcs do come up), with every kind of bad value mixed in. */
const token = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 40 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53, Number.MAX_VALUE) },
  { weight: 1, arbitrary: fc.anything() },
);

describe.each(SPACES.map((s) => [`${s.name} (${s.arcLength} tokens)`, s] as const))('%s', (_label, space) => {
  it('decodes any token array to a valid arc that encodes back to it, or throws an EnasError', () => {
    const lengths = fc.oneof(fc.constant(space.arcLength), fc.nat(2 * space.arcLength + 2));
    const randomArrays = lengths.chain((n) => fc.array(token, { minLength: n, maxLength: n }));
    // Random arrays of a big space are almost never valid, so valid samples are mixed in to exercise both sides.
    const samples = fc.integer().map((seed) => encodeAny(space, space.sampleUniform(createPrng(seed))));
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.oneof(randomArrays, samples), (tokens) => {
        const result = decodeUnknown(space, tokens);
        if (result instanceof EnasError) {
          rejected += 1;
          expect(result.message.startsWith(`${result.code}: `)).toBe(true);
        } else {
          accepted += 1;
          expect(result).toEqual(tokens);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });

  it('decodes any value at all without throwing anything but an EnasError', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        decodeUnknown(space, value);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('parses any string to a valid arc or an EnasError', () => {
    const strings = fc.oneof(
      fc.string(),
      fc
        .array(fc.oneof(fc.nat(7).map(String), fc.string({ maxLength: 3 })), { maxLength: space.arcLength + 2 })
        .map((words) => words.join(' ')),
    );
    fc.assert(
      fc.property(strings, (text) => {
        try {
          space.parse(text);
        } catch (err) {
          expect(err).toBeInstanceOf(EnasError);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('rejects a single out-of-range token of a valid arc, naming its position', () => {
    const prng = createPrng(SEED);
    const samples = Array.from({ length: 50 }, () => encodeAny(space, space.sampleUniform(prng)));
    const mutation = fc.record({
      sample: fc.nat(samples.length - 1),
      position: fc.nat(space.arcLength - 1),
      excess: fc.nat(5),
    });
    fc.assert(
      fc.property(mutation, ({ sample, position, excess }) => {
        const tokens = [...(samples[sample] ?? [])];
        tokens[position] = (space.tokenChoices[position] ?? 0) + excess;
        const result = decodeUnknown(space, tokens);
        expect(result).toBeInstanceOf(EnasError);
        expect((result as EnasError).message).toContain(`(token ${position + 1} of ${space.arcLength})`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
