import { describe, expect, it } from 'vitest';
import { objectiveSchema } from '../../shared/config/objective';
import { createNb201Space } from '../spaces/nb201-space';
import { createCostModel, NB201_CIFAR10_INPUT } from '../spaces/arch-cost';
import { objectiveReward } from './objective-reward';

const largest = { params: 1_000_000, flops: 200_000_000 };

describe('objective reward', () => {
  it('leaves the reward alone under the accuracy objective', () => {
    expect(objectiveReward({ kind: 'accuracy' }, 0.87, { params: 5e6, flops: 1e9 }, largest)).toBe(0.87);
  });

  it('subtracts beta times the cost as a fraction of the largest architecture', () => {
    const weighted = objectiveSchema.parse({ kind: 'weighted', cost: 'params', beta: 0.2 });
    // 0.9 − 0.2 · 250 000 / 1 000 000 = 0.85
    expect(objectiveReward(weighted, 0.9, { params: 250_000, flops: 1 }, largest)).toBeCloseTo(0.85, 12);
    const byFlops = objectiveSchema.parse({ kind: 'weighted', cost: 'flops' });
    // default beta 0.1: 0.9 − 0.1 · 50M / 200M = 0.875
    expect(objectiveReward(byFlops, 0.9, { params: 1, flops: 50_000_000 }, largest)).toBeCloseTo(0.875, 12);
  });

  it('zeroes the reward of every sample over the budget and keeps the others', () => {
    const budget = objectiveSchema.parse({ kind: 'budget', cost: 'params', limit: 600_000 });
    const space = createNb201Space();
    const model = createCostModel({ space: { space: 'nb201' }, input: NB201_CIFAR10_INPUT });
    // ResNet 303101: 559,386 parameters (under); all-conv3x3: 1,531,546 (over); the limit itself keeps its reward.
    const resnet = model.cost(space.encode(space.parse('303101')));
    const heavy = model.cost(space.encode(space.parse('333333')));
    expect(objectiveReward(budget, 0.9, resnet, model.largest)).toBe(0.9);
    expect(objectiveReward(budget, 0.93, heavy, model.largest)).toBe(0);
    expect(objectiveReward(budget, 0.8, { params: 600_000, flops: 0 }, model.largest)).toBe(0.8);
  });

  it('refuses an objective without its fields', () => {
    expect(() => objectiveSchema.parse({ kind: 'budget', cost: 'params' })).toThrow();
    expect(() => objectiveSchema.parse({ kind: 'weighted', cost: 'seconds' })).toThrow();
    // Latency is a cost (measured, in ms: image-latency.ts); a budget on it needs its limit like any other.
    expect(objectiveSchema.parse({ kind: 'weighted', cost: 'latency' })).toEqual({ kind: 'weighted', cost: 'latency', beta: 0.1 });
    expect(() => objectiveSchema.parse({ kind: 'budget', cost: 'latency' })).toThrow();
  });
});
