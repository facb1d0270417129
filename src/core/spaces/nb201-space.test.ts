import { describe, expect, it } from 'vitest';
import { EnasError } from '../../shared/errors';
import { createPrng } from '../random/prng';
import { createSearchSpace } from './index';
import { createNb201Space, NB201_EDGES } from './nb201-space';

const RESNET = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof EnasError ? err.code : 'not an EnasError';
  }
  return undefined;
}

describe('nb201 space', () => {
  const space = createNb201Space();

  it('has 6 edges of 5 ops: 15,625 cells', () => {
    expect(space.arcLength).toBe(6);
    expect(space.tokenChoices).toEqual([5, 5, 5, 5, 5, 5]);
    expect(space.size()).toBe(15_625n);
    expect(NB201_EDGES).toHaveLength(6);
    expect(createSearchSpace({ space: 'nb201' }).name).toBe('nb201');
  });

  it('reads the ResNet cell in all three spellings and writes it back in each', () => {
    const fromString = space.parse(RESNET);
    expect(fromString.ops).toEqual([3, 0, 3, 1, 0, 1]);
    expect(space.parse('303101')).toEqual(fromString);
    expect(space.parse(' 3 0 3 1 0 1 ')).toEqual(fromString);
    expect(space.digits(fromString)).toBe('303101');
    expect(space.benchmarkString(fromString)).toBe(RESNET);
    expect(space.format(fromString)).toBe('3 0 3 1 0 1');
  });

  it('round-trips every spelling of random cells', () => {
    const prng = createPrng(3);
    for (let i = 0; i < 200; i++) {
      const arc = space.sampleUniform(prng);
      expect(space.parse(space.benchmarkString(arc))).toEqual(arc);
      expect(space.parse(space.digits(arc))).toEqual(arc);
      expect(space.parse(space.format(arc))).toEqual(arc);
    }
  });

  it('counts none, skip_connect and avg_pool_3x3 as the parameter-free ops (search health)', () => {
    expect(space.parameterFreeOps([3, 0, 3, 1, 0, 1])).toEqual({ ops: 6, parameterFree: 4 });
    expect(space.parameterFreeOps([4, 4, 2, 3, 1, 0])).toEqual({ ops: 6, parameterFree: 4 });
  });

  it('refuses malformed arcs with the code and the place', () => {
    expect(codeOf(() => space.parse('303105'))).toBe('ARC_BAD_OP');
    expect(() => space.parse('303105')).toThrow(/edge 3←2 .*op 5 must be < 5/);
    expect(codeOf(() => space.parse('30310'))).toBe('ARC_BAD_LENGTH');
    expect(codeOf(() => space.parse('|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|'))).toBe('ARC_BAD_LENGTH');
    expect(() => space.parse(RESNET.replace('none~1', 'conv~1'))).toThrow(/edge 3←1: unknown op "conv"/);
    expect(() => space.parse(RESNET.replace('none~1', 'none~2'))).toThrow(/must be "op~1"/);
    expect(codeOf(() => space.parse(RESNET.replace('|+|none~0|', '|+|none~0||')))).toBe('ARC_BAD_LENGTH');
    expect(codeOf(() => space.decode([3, 0, 3, 1, 0, -1]))).toBe('ARC_BAD_TOKEN');
    expect(codeOf(() => space.parse(42 as unknown as string))).toBe('ARC_BAD_TOKEN');
  });
});
