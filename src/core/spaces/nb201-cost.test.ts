import { describe, expect, it } from 'vitest';
import { createPrng } from '../random/prng';
import { createCostModel, NB201_CIFAR10_INPUT } from './arch-cost';
import { createNb201Space } from './nb201-space';

const space = createNb201Space();
const cifar10 = createCostModel({ space: { space: 'nb201' }, input: NB201_CIFAR10_INPUT });
const cifar100 = createCostModel({ space: { space: 'nb201' }, input: { ...NB201_CIFAR10_INPUT, numClasses: 100 } });
const costOf = (digits: string, model = cifar10) => model.cost(space.encode(space.parse(digits)));

describe('nb201 cost', () => {
  it("gives the ResNet cell 303101 NAS-Bench-201's published cost on CIFAR-10", () => {
    // NAS-Bench-201 get_cost_info on CIFAR-10 reports {'flops': 78.56193, 'params': 0.559386} (millions) for
    // a cell with two nor_conv_3x3 edges and weightless others, as 303101 is: the example is quoted in the
    // comments of pplib's NB201Evaluator.query_result. A cell's cost depends only on how many of each op it
    // has (every edge maps C to C at the stage's resolution), so that is 303101's cost too.
    expect(costOf('303101')).toEqual({ params: 559_386, flops: 78_561_930 });
    expect(costOf('300030')).toEqual(costOf('303101'));
  });

  it("reproduces the benchmark's published range on CIFAR-10 and CIFAR-100", () => {
    // get_cost_info extremes (EMI-Group/evoxbench test_suites/c10mop.py, C10MOP5 ideal/nadir points;
    // the CIFAR-100 ones from the MO-HPOBenchExperimentUtils README's bounds of the v1.1 tables): params MB,
    // FLOPs M.
    expect(costOf('000000')).toEqual({ params: 73_306, flops: 7_783_050 });
    expect(costOf('333333')).toEqual({ params: 1_531_546, flops: 220_119_690 });
    expect(cifar10.largest).toEqual(costOf('333333'));
    expect(costOf('000000', cifar100)).toEqual({ params: 79_156, flops: 7_788_900 });
    expect(costOf('333333', cifar100)).toEqual({ params: 1_537_396, flops: 220_125_540 });
  });

  it('never exceeds the all-conv3x3 cell, the largest', () => {
    const prng = createPrng(7);
    for (let i = 0; i < 200; i++) {
      const c = cifar10.cost(space.encode(space.sampleUniform(prng)));
      expect(c.params).toBeLessThanOrEqual(cifar10.largest.params);
      expect(c.flops).toBeLessThanOrEqual(cifar10.largest.flops);
    }
  });
});
