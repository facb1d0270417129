import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { createMicroSpace } from './micro-space';
import { parseArcString } from './arc-tokens';

function thrown(fn: () => unknown): EnasError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnasError) return err;
    throw err;
  }
  throw new Error('expected an EnasError, nothing was thrown');
}

describe('arc tokens', () => {
  it('splits an arc string on any whitespace, as the multi-line fixed_arc of the official scripts gives', () => {
    expect(parseArcString('macro', '  0\n3 0\t0 1 0  \n')).toEqual([0, 3, 0, 0, 1, 0]);
    expect(parseArcString('macro', '   ')).toEqual([]);
  });

  it.each([
    ['0 2 O 0', 'ARC_BAD_TOKEN: micro arc string, token 3 of 4: "O" is not a non-negative integer'],
    ['0 -1', 'ARC_BAD_TOKEN: micro arc string, token 2 of 2: "-1" is not a non-negative integer'],
    ['1.0 2', 'ARC_BAD_TOKEN: micro arc string, token 1 of 2: "1.0" is not a non-negative integer'],
    ['1e3', 'ARC_BAD_TOKEN: micro arc string, token 1 of 1: "1e3" is not a non-negative integer'],
    ['0,1', 'ARC_BAD_TOKEN: micro arc string, token 1 of 1: "0,1" is not a non-negative integer'],
    ['99999999999999999999', 'ARC_BAD_TOKEN: micro arc string, token 1 of 1: "99999999999999999999" is not a non-negative integer'],
  ])('rejects the arc string %j naming the token', (text, message) => {
    expect(thrown(() => parseArcString('micro', text)).message).toBe(message);
  });

  it('rejects a value that is not a string', () => {
    expect(thrown(() => parseArcString('rnn', 42)).message).toBe('ARC_BAD_TOKEN: rnn arc string must be a string, got 42');
  });

  describe('decoding untrusted token arrays', () => {
    const space = createMicroSpace({ space: 'micro', numNodes: 1, numBranches: 5 });
    const decodeUnknown = (value: unknown) => space.decode(value as readonly number[]);

    it.each([
      ['a negative token', [0, 0, 0, -1, 0, 0, 0, 0], 'token 4 of 8: expected a non-negative integer, got -1'],
      ['a fraction', [0, 0, 0, 0, 0.5, 0, 0, 0], 'token 5 of 8: expected a non-negative integer, got 0.5'],
      ['NaN', [NaN, 0, 0, 0, 0, 0, 0, 0], 'token 1 of 8: expected a non-negative integer, got NaN'],
      ['Infinity', [0, Infinity, 0, 0, 0, 0, 0, 0], 'token 2 of 8: expected a non-negative integer, got Infinity'],
      ['a numeric string', [0, 0, '1', 0, 0, 0, 0, 0], 'token 3 of 8: expected a non-negative integer, got "1"'],
      ['null', [0, 0, 0, 0, 0, 0, 0, null], 'token 8 of 8: expected a non-negative integer, got null'],
      ['an unsafe integer', [0, 0, 0, 0, 0, 0, 0, 2 ** 53], 'token 8 of 8: expected a non-negative integer, got 9007199254740992'],
      ['a boolean', [0, 0, 0, 0, 0, 0, true, 0], 'token 7 of 8: expected a non-negative integer, got true'],
      ['a bigint', [0, 0, 0, 0, 0, 0, 1n, 0], 'token 7 of 8: expected a non-negative integer, got 1n'],
    ])('rejects %s naming the token', (_label, tokens, message) => {
      const err = thrown(() => decodeUnknown(tokens));
      expect(err.code).toBe('ARC_BAD_TOKEN');
      expect(err.message).toBe(`ARC_BAD_TOKEN: micro arc, ${message}`);
    });

    it('rejects a hole in a sparse array', () => {
      const sparse = new Array<number>(8);
      sparse.fill(0, 0, 5);
      expect(thrown(() => decodeUnknown(sparse)).message).toContain('token 6 of 8: expected a non-negative integer, got undefined');
    });

    it('rejects input that is not an array', () => {
      expect(thrown(() => decodeUnknown('0 0 0 0 0 0 0 0')).message).toBe(
        'ARC_BAD_TOKEN: micro arc must be an array of integers, got "0 0 0 0 0 0 0 0"',
      );
      expect(thrown(() => decodeUnknown(undefined)).message).toBe(
        'ARC_BAD_TOKEN: micro arc must be an array of integers, got undefined',
      );
      expect(thrown(() => decodeUnknown({ length: 8 })).message).toBe(
        'ARC_BAD_TOKEN: micro arc must be an array of integers, got an object',
      );
    });
  });
});
