import { describe, expect, it } from 'vitest';
import { formatValue, valueAxisFor, paddedRange } from './value-axis';

describe('value axis', () => {
  it('puts a perplexity that spans decades on a log axis', () => {
    expect(valueAxisFor([420, 380, 350, 1e7, 300]).type).toBe('log');
    // The lowest three and highest four of the 58 validation perplexities of a real 1-epoch rnn search on
    // austen-ptb (wasm, 30 shared-weight steps): two and a half decades, which a linear axis flattened.
    expect(valueAxisFor([869.217, 877.075, 892.892, 88437.9, 89650.7, 116820.1, 314356.0]).type).toBe('log');
  });

  it('keeps accuracies that span one decade on a linear axis', () => {
    expect(valueAxisFor([0.02, 0.05, 0.1, 0.18, 0.24]).type).toBe('value');
    expect(valueAxisFor([0, 0.001, 0.25]).type).toBe('value');
  });

  it('keeps a few far outliers from setting a linear range', () => {
    const values = [...Array.from({ length: 50 }, (_, i) => 0.2 + i / 500), -40];
    const axis = valueAxisFor(values);
    expect(axis).toMatchObject({ type: 'value', clipped: true });
    expect(axis.min).toBeGreaterThan(0.1);
    expect(axis.max).toBeLessThan(0.4);
  });

  it('starts at zero when asked, so noise in the fifth digit of an entropy stays small', () => {
    expect(valueAxisFor([57.182, 57.189, 57.185], { zeroBased: true })).toEqual({ type: 'value', min: 0, clipped: false });
    expect(valueAxisFor([57.182, 57.189, 57.185])).toEqual({ type: 'value', clipped: false });
  });

  it('formats with four significant digits', () => {
    expect(formatValue(0.2562000000000001)).toBe('0.2562');
    expect(formatValue(10453555)).toBe('1.045e+7');
    expect(formatValue(57.18234)).toBe('57.18');
    expect(formatValue(0)).toBe('0');
  });
});

describe('paddedRange', () => {
  it('pads the span by a tenth (at least 0.01) and keeps an accuracy inside [0, 1]', () => {
    expect(paddedRange([0.97], { min: 0, max: 1 })).toEqual({ min: 0.96, max: 0.98 });
    const r = paddedRange([0.84, 0.86, 0.99], { min: 0, max: 1 })!;
    expect(r.min).toBeCloseTo(0.825, 12);
    expect(r.max).toBe(1);
    expect(paddedRange([0.01, 0.5], { min: 0, max: 1 })!.min).toBe(0);
    const free = paddedRange([120, 180])!;
    expect(free.min).toBeCloseTo(114, 9);
    expect(free.max).toBeCloseTo(186, 9);
    expect(paddedRange([Number.NaN])).toBeNull();
  });
});
