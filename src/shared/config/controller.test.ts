import { describe, expect, it } from 'vitest';
import { controllerConfigSchema } from './controller';
import { strategyConfigSchema } from './strategy';

describe('controller and strategy configuration', () => {
  it('fills every controller hyperparameter with its documented default', () => {
    expect(controllerConfigSchema.parse({})).toEqual({
      lstmSize: 64,
      lstmNumLayers: 1,
      tanhConstant: 1.1,
      opTanhReduce: 2.5,
      temperature: null,
      entropyWeight: 1e-4,
      entropyReduction: 'sum',
      baselineDecay: 0.99,
      skipTarget: 0.4,
      skipWeight: 0.8,
      learningRate: 0.0035,
      numAggregate: 10,
      trainSteps: 30,
      weightlessTarget: 0.6,
      weightlessWeight: 0,
      gradBound: null,
      opBiasInit: 10,
      normalCellOpOffset: 0.25,
      adamBeta1: 0,
      adamEpsilon: 1e-3,
      adamCorrection: 'tf1',
      baselineInit: 'zero',
      advantageNormalize: false,
      rnnDistancePrior: 1 / 6,
    });
  });

  it('refuses values the controller cannot use, naming the field', () => {
    for (const [field, value] of [
      ['skipTarget', 1],
      ['skipTarget', 0],
      ['learningRate', 0],
      ['lstmSize', 2.5],
      ['baselineDecay', 1.5],
      ['tanhConstant', -1],
      ['numAggregate', 0],
      ['adamBeta1', 1],
      ['adamCorrection', 'adam'],
      ['baselineInit', 'mean'],
    ] as const) {
      const result = controllerConfigSchema.safeParse({ [field]: value });
      expect(result.success, `${field}=${value}`).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual([field]);
    }
    expect(controllerConfigSchema.parse({ tanhConstant: null, temperature: 5 })).toMatchObject({
      tanhConstant: null,
      temperature: 5,
    });
  });

  it('gives an enas strategy the default controller and lets a field be overridden', () => {
    const enas = strategyConfigSchema.parse({ strategy: 'enas' });
    expect(enas).toEqual({ strategy: 'enas', controller: controllerConfigSchema.parse({}) });
    const tuned = strategyConfigSchema.parse({ strategy: 'enas', controller: { lstmSize: 100 } });
    expect(tuned.strategy === 'enas' && tuned.controller.lstmSize).toBe(100);
    expect(strategyConfigSchema.parse({ strategy: 'random-ws' })).toEqual({ strategy: 'random-ws' });
    expect(strategyConfigSchema.safeParse({ strategy: 'evolution' }).success).toBe(false);
  });
});
