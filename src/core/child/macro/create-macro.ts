/**
 * Factories of the macro networks: the weight-shared supernet of a search and the fixed network that
 * retrains one architecture (with a larger outFilters if the config asks; the layer count is the arc's).
 */
import { macroChildSchema } from '../../../shared/config/child';
import type { MacroChildConfig } from '../../../shared/config/child';
import { macroSpaceSchema } from '../../../shared/config/space';
import type { MacroSpaceConfig } from '../../../shared/config/space';
import type { Prng } from '../../random/prng';
import type { MacroArc } from '../../spaces';
import { bindImageArc } from '../fixed-adapter';
import type { ImageInput } from '../image-network';
import { parseChildConfig } from '../parse-child-config';
import type { FixedImageNetwork, ImageSupernet } from '../supernet';
import { checkMacroArc } from './macro-layout';
import { MacroNetwork } from './macro-network';

export interface MacroNetworkOptions {
  readonly space: MacroSpaceConfig;
  readonly child: MacroChildConfig;
  readonly input: ImageInput;
  /** Draws the initial weights and every dropout mask. */
  readonly prng: Prng;
}

/** A macro supernet with every op's weights created (and initialised from `prng`) up front. */
export function createMacroSupernet(options: MacroNetworkOptions): ImageSupernet<MacroArc> {
  const space = parseChildConfig(macroSpaceSchema, options.space, 'macro search space');
  const child = parseChildConfig(macroChildSchema, options.child, 'macro child');
  return new MacroNetwork({ kind: 'supernet' }, space, child, options.input, options.prng);
}

/** A macro network holding the weights of `arc` alone. */
export function createFixedMacroNetwork(options: MacroNetworkOptions & { readonly arc: MacroArc }): FixedImageNetwork {
  const space = parseChildConfig(macroSpaceSchema, options.space, 'macro search space');
  const child = parseChildConfig(macroChildSchema, options.child, 'macro child');
  checkMacroArc(options.arc, space.numLayers, space.numBranches);
  const net = new MacroNetwork({ kind: 'fixed', arc: options.arc }, space, child, options.input, options.prng);
  return bindImageArc(net, options.arc);
}
