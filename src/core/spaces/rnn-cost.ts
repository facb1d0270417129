/**
 * Parameters and multiply-adds of an rnn architecture's fixed language model (core/child/rnn/rnn-network.ts
 * built `fixed`, the official ptb_enas_child.py): the embedding (vocabSize × H, tied to the softmax, so
 * counted once), W₀ [2H, 2H] of node 0 and one W [H, 2H] per further node — one matrix per node whatever
 * its activation and input (Pham et al., 2018, §2.1). Multiply-adds per token: the node products and the
 * tied softmax's H × vocabSize.
 *
 * So every cell of a given size costs the same: a cost objective cannot tell rnn architectures apart (a
 * budget admits all or none of them; a weighted reward shifts every reward equally).
 */
import type { RnnSpaceConfig } from '../../shared/config/space';
import type { RnnChildConfig } from '../../shared/config/child';
import { addCosts } from './cost-blocks';
import type { ArchCost } from './cost-blocks';
import type { RnnArc } from './rnn-space';

export interface RnnCostContext {
  readonly space: RnnSpaceConfig;
  readonly child: RnnChildConfig;
  readonly vocabSize: number;
}

export function rnnCost(arc: RnnArc, { child, vocabSize }: RnnCostContext): ArchCost {
  const h = child.hiddenSize;
  const cell = arc.nodes.reduce((acc, _, k) => acc + (k === 0 ? 4 * h * h : 2 * h * h), 0);
  return addCosts({ params: vocabSize * h, flops: vocabSize * h }, { params: cell, flops: cell });
}

/** Every rnn architecture of the config costs the same; the first-in-everything cell stands for them all. */
export function largestRnnArc(space: RnnSpaceConfig): RnnArc {
  return { space: 'rnn', nodes: Array.from({ length: space.numNodes }, (_, k) => ({ activation: 0, prev: k - 1 })) };
}
