import { describe, expect, it } from 'vitest';
import { fnv1a64Hex } from './fnv1a';

describe('fnv1a64Hex', () => {
  // Reference values of 64-bit FNV-1a (Fowler, Noll, Vo; the test vectors of draft-eastlake-fnv), checked
  // here against a ten-line Python implementation of the published algorithm.
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to the reference value', (text, hex) => {
    expect(fnv1a64Hex(text)).toBe(hex);
  });

  it('always gives 16 hex digits', () => {
    for (const text of ['0', '0 1', 'micro 0 2 0 0', '1 1 1 1 1 1 1 1']) expect(fnv1a64Hex(text)).toMatch(/^[0-9a-f]{16}$/);
  });
});
