import { describe, expect, it } from 'vitest';
import { cosineLearningRate } from './cosine-schedule';

// The micro search script's schedule: lr_max 0.05, lr_min 0.0005, T_0 10, T_mul 2, so cycles cover
// epochs [0, 10), [10, 30), [30, 70), …
const script = { lrMax: 0.05, lrMin: 0.0005, lrT0: 10, lrTMul: 2 };

describe('cosineLearningRate', () => {
  it('starts every cycle at lrMax, at the restart boundaries 0, 10, 30 and 70', () => {
    for (const epoch of [0, 10, 30, 70]) expect(cosineLearningRate(script, epoch)).toBeCloseTo(0.05, 12);
  });

  it('is halfway between lrMax and lrMin in the middle of each cycle (epochs 5, 20, 50)', () => {
    for (const epoch of [5, 20, 50]) expect(cosineLearningRate(script, epoch)).toBeCloseTo((0.05 + 0.0005) / 2, 12);
  });

  it('approaches lrMin just before a restart and follows the cosine in between', () => {
    // Epoch 9 of the first cycle: lrMin + ½(lrMax − lrMin)(1 + cos(0.9π)).
    expect(cosineLearningRate(script, 9)).toBeCloseTo(0.0005 + 0.5 * 0.0495 * (1 + Math.cos(0.9 * Math.PI)), 12);
    expect(cosineLearningRate(script, 29.999)).toBeLessThan(0.00051);
    expect(cosineLearningRate(script, 29.999)).toBeGreaterThan(0.0005);
  });

  it('repeats with period lrT0 when lrTMul is 1', () => {
    const flat = { ...script, lrTMul: 1 };
    expect(cosineLearningRate(flat, 1234)).toBeCloseTo(cosineLearningRate(flat, 4), 12);
    expect(cosineLearningRate(flat, 20)).toBeCloseTo(0.05, 12);
  });

  it('rejects a schedule with lrMin above lrMax and a negative epoch, saying which', () => {
    expect(() => cosineLearningRate({ ...script, lrMin: 1 }, 0)).toThrow(/CHILD_BAD_CONFIG.*lrMin=1, lrMax=0.05/);
    expect(() => cosineLearningRate(script, -1)).toThrow(/epoch must be a finite number ≥ 0, got -1/);
    expect(() => cosineLearningRate({ ...script, lrT0: 0 }, 1)).toThrow(/lrT0 ≥ 1/);
  });
});
