/**
 * Factories of the ENAS language models: the weight-shared supernet of a search and the fixed network that
 * retrains one cell (usually with a larger hiddenSize).
 */
import { rnnChildSchema } from '../../../shared/config/child';
import type { RnnChildConfig } from '../../../shared/config/child';
import { rnnSpaceSchema } from '../../../shared/config/space';
import type { RnnSpaceConfig } from '../../../shared/config/space';
import type { Prng } from '../../random/prng';
import type { RnnArc } from '../../spaces';
import { bindRnnArc } from '../fixed-adapter';
import { parseChildConfig } from '../parse-child-config';
import type { FixedLanguageModel, LanguageModelSupernet } from '../supernet';
import { checkRnnArc } from './rnn-cell';
import { RnnNetwork } from './rnn-network';

export interface RnnNetworkOptions {
  readonly space: RnnSpaceConfig;
  readonly child: RnnChildConfig;
  /** Number of distinct tokens; token ids are 0 … vocabSize − 1. */
  readonly vocabSize: number;
  /** Draws the initial weights and every dropout mask. */
  readonly prng: Prng;
}

/** The rnn supernet with the weights of every cell created (and initialised from `prng`) up front. */
export function createRnnSupernet(options: RnnNetworkOptions): LanguageModelSupernet<RnnArc> {
  const space = parseChildConfig(rnnSpaceSchema, options.space, 'rnn search space');
  const child = parseChildConfig(rnnChildSchema, options.child, 'rnn child');
  return new RnnNetwork({ kind: 'supernet' }, space, child, options.vocabSize, options.prng);
}

/** A language model holding the cell weights of `arc` alone. */
export function createFixedRnnNetwork(options: RnnNetworkOptions & { readonly arc: RnnArc }): FixedLanguageModel {
  const space = parseChildConfig(rnnSpaceSchema, options.space, 'rnn search space');
  const child = parseChildConfig(rnnChildSchema, options.child, 'rnn child');
  checkRnnArc(options.arc, space.numNodes, space.numActivations);
  const net = new RnnNetwork({ kind: 'fixed', arc: options.arc }, space, child, options.vocabSize, options.prng);
  return bindRnnArc(net, options.arc);
}
