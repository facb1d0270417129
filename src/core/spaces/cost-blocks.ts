/**
 * The counting rules every space's cost formula is built from: an architecture's **parameters** (trainable
 * weights of the fixed network that retrains it: kernels, batch-norm scale and offset, dense weights; batch
 * norm's moving averages are statistics, not parameters) and its **FLOPs**, counted as multiply-adds of
 * its convolutions and dense layers for one input (one image; one token for a language model).
 *
 * Why multiply-adds: it is what NAS-Bench-201 reports as "FLOPs" (its counter, AutoDL-Projects
 * lib/utils/flop_benchmark.py, sums kernel·Cin·Cout/groups per output position of every Conv2d and
 * in·out (+ out for a bias) of every Linear, and nothing for batch norm, activations, pooling or
 * additions), so nb201 numbers compare with the benchmark's published ones, and most NAS papers (DARTS,
 * ENAS's successors) quote "multiply-adds" the same way. The elementwise work left out is a few per cent of
 * a convolutional network's.
 */

/** Parameter count and multiply-adds of one architecture's fixed network. */
export interface ArchCost {
  /** Trainable parameters (a count, not MB). */
  readonly params: number;
  /** Multiply-adds of one forward pass on one input (one image, or one token for rnn). */
  readonly flops: number;
}

/** Shape of the images a network takes and the classes it tells apart. */
export interface CostInput {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
}

/** A feature map's spatial size. */
export interface Extent {
  readonly height: number;
  readonly width: number;
}

export const ZERO_COST: ArchCost = { params: 0, flops: 0 };

export function addCosts(...costs: readonly ArchCost[]): ArchCost {
  return costs.reduce((acc, c) => ({ params: acc.params + c.params, flops: acc.flops + c.flops }), ZERO_COST);
}

const area = (e: Extent): number => e.height * e.width;

/** Batch norm's learned scale and offset. */
export function batchNormCost(channels: number): ArchCost {
  return { params: 2 * channels, flops: 0 };
}

/** A k×k convolution without bias producing `out` (its output extent). */
export function convCost(size: number, inChannels: number, outChannels: number, out: Extent): ArchCost {
  const weights = size * size * inChannels * outChannels;
  return { params: weights, flops: weights * area(out) };
}

/** [ReLU →] k×k convolution → batch norm. */
export function convBnCost(size: number, inChannels: number, outChannels: number, out: Extent): ArchCost {
  return addCosts(convCost(size, inChannels, outChannels, out), batchNormCost(outChannels));
}

/** ReLU → depthwise k×k → pointwise 1×1 → batch norm (one stack). */
export function sepConvBnCost(size: number, inChannels: number, outChannels: number, out: Extent): ArchCost {
  const depthwise = size * size * inChannels;
  const pointwise = inChannels * outChannels;
  return addCosts({ params: depthwise + pointwise, flops: (depthwise + pointwise) * area(out) }, batchNormCost(outChannels));
}

/** Two 1×1 stride-2 convolutions to outChannels/2 each, concatenated, then batch norm; `input` is halved. */
export function factorizedReductionCost(inChannels: number, outChannels: number, input: Extent): ArchCost {
  const out = halve(input);
  return addCosts(convCost(1, inChannels, outChannels, out), batchNormCost(outChannels));
}

/** A dense layer (matrix product) with or without bias. */
export function denseCost(inUnits: number, outUnits: number, bias: boolean): ArchCost {
  const weights = inUnits * outUnits + (bias ? outUnits : 0);
  return { params: weights, flops: weights };
}

/** The extent after a stride-2 op ('same' or 1×1 'valid' padding): ⌈h/2⌉ × ⌈w/2⌉. */
export function halve(e: Extent): Extent {
  return { height: Math.ceil(e.height / 2), width: Math.ceil(e.width / 2) };
}

/** The larger of two costs, field by field (a cost scale for normalising rewards). */
export function maxCost(a: ArchCost, b: ArchCost): ArchCost {
  return { params: Math.max(a.params, b.params), flops: Math.max(a.flops, b.flops) };
}
