import { describe, expect, it } from 'vitest';
import { splitWarnings } from './split-warnings';

const images = (train: number, valid: number) => ({
  name: 'mine',
  kind: 'image' as const,
  summary: { counts: { train, valid }, shapes: { image: [32, 32, 3] }, classes: ['a', 'b'] },
});

describe('split warnings', () => {
  it('warns that a 2-image validation split cannot rank architectures, and that 18 training images are too few', () => {
    const warnings = splitWarnings(images(18, 2));
    expect(warnings[0]).toContain('mine has 2 validation images: a validation accuracy moves in steps of 1/2');
    expect(warnings[1]).toContain('18 training images');
  });

  it('says nothing about a dataset big enough to rank on, or a text corpus', () => {
    expect(splitWarnings(images(5000, 1000))).toEqual([]);
    expect(splitWarnings({ ...images(10, 2), kind: 'text' })).toEqual([]);
  });
});
