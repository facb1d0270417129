/**
 * Parameters and multiply-adds of an nb201 cell in NAS-Bench-201's fixed network (Dong & Yang, ICLR 2020,
 * §2.1; official code D-X-Y/AutoDL-Projects lib/models/cell_infers/tiny_network.py, cells.py and
 * cell_operations.py): stem 3×3 conv (no bias) → BN to C = 16 channels; three stages of N = 5 cells at
 * C, 2C, 4C channels, the stages joined by a ResNet basic block (ReLU → 3×3 conv stride 2 → BN, ReLU → 3×3
 * conv → BN, shortcut 2×2 average pool → 1×1 conv without bias); BN → ReLU; global average pool; dense layer
 * with bias. In a cell every edge maps C channels to C at stride 1: `nor_conv_3x3` and `nor_conv_1x1` are
 * ReLU → conv (no bias) → BN (affine), `skip_connect`, `avg_pool_3x3` and `none` have no weights.
 *
 * Counted as the benchmark counts (AutoDL-Projects lib/utils/flop_benchmark.py): parameters are every
 * nn.Parameter (BN scale and offset included), FLOPs the multiply-adds of Conv2d and Linear layers (with the
 * classifier's bias). The benchmark reports them in millions; this returns counts. At CIFAR size they
 * reproduce the benchmark's published range exactly: the all-`none` cell 73,306 parameters and 7,783,050
 * multiply-adds, the all-`nor_conv_3x3` cell 1,531,546 and 220,119,690 (NAS-Bench-201 `get_cost_info` on
 * CIFAR-10: params 0.073306 – 1.531546 MB, FLOPs 7.78305 – 220.11969 M, as tabulated in EMI-Group/evoxbench
 * evoxbench/test_suites/c10mop.py, C10MOP5's ideal and nadir points); see nb201-cost.test.ts.
 */
import { addCosts, batchNormCost, convBnCost, convCost, denseCost, halve } from './cost-blocks';
import type { ArchCost, CostInput, Extent } from './cost-blocks';
import type { Nb201SpaceConfig } from '../../shared/config/space';
import type { Nb201Arc } from './nb201-space';

/** The benchmark's network size: C = 16 channels in the first stage, N = 5 cells per stage. */
export const NB201_NETWORK = { channels: 16, cellsPerStage: 5, stages: 3 } as const;

/** CIFAR-10 at the benchmark's resolution: what a tabular nb201 search costs its architectures at. */
export const NB201_CIFAR10_INPUT: CostInput = { height: 32, width: 32, channels: 3, numClasses: 10 };

export interface Nb201CostContext {
  readonly space: Nb201SpaceConfig;
  readonly input: CostInput;
}

/** One edge's op at stride 1, C → C (NB201_OPS: 0 none, 1 skip, 2 conv1x1, 3 conv3x3, 4 avg pool). */
function edgeCost(op: number, c: number, at: Extent): ArchCost {
  if (op === 3) return convBnCost(3, c, c, at);
  if (op === 2) return convBnCost(1, c, c, at);
  return { params: 0, flops: 0 };
}

/** ResNetBasicblock(inC, outC, stride 2): conv_a (strided), conv_b, and the pooled 1×1 shortcut. */
function reductionBlockCost(inC: number, outC: number, input: Extent): ArchCost {
  const out = halve(input);
  return addCosts(convBnCost(3, inC, outC, out), convBnCost(3, outC, outC, out), convCost(1, inC, outC, out));
}

export function nb201Cost(arc: Nb201Arc, { input }: Nb201CostContext): ArchCost {
  const { channels, cellsPerStage, stages } = NB201_NETWORK;
  let at: Extent = { height: input.height, width: input.width };
  let c = channels;
  const parts: ArchCost[] = [convBnCost(3, input.channels, c, at)];
  for (let stage = 0; stage < stages; stage++) {
    if (stage > 0) {
      parts.push(reductionBlockCost(c, 2 * c, at));
      at = halve(at);
      c *= 2;
    }
    const cell = addCosts(...arc.ops.map((op) => edgeCost(op, c, at)));
    for (let n = 0; n < cellsPerStage; n++) parts.push(cell);
  }
  parts.push(batchNormCost(c), denseCost(c, input.numClasses, true));
  return addCosts(...parts);
}

/** Every edge a 3×3 conv: the costliest cell (an edge's cost does not depend on the others). */
export function largestNb201Arc(): Nb201Arc {
  return { space: 'nb201', ops: [3, 3, 3, 3, 3, 3] };
}
