/**
 * Factories of the NAS-Bench-201 networks: the weight-shared supernet of a search on real images, and the fixed
 * network that retrains one cell (the benchmark's own size is outFilters 16, cellsPerStage 5).
 */
import { nb201ChildSchema } from '../../../shared/config/child';
import type { Nb201ChildConfig } from '../../../shared/config/child';
import type { Prng } from '../../random/prng';
import type { Nb201Arc } from '../../spaces';
import { bindImageArc } from '../fixed-adapter';
import type { ImageInput } from '../image-network';
import { parseChildConfig } from '../parse-child-config';
import type { FixedImageNetwork, ImageSupernet } from '../supernet';
import { checkNb201Arc } from './nb201-layout';
import { Nb201Network } from './nb201-network';

export interface Nb201NetworkOptions {
  readonly child: Nb201ChildConfig;
  readonly input: ImageInput;
  /** Draws the initial weights and every dropout mask. */
  readonly prng: Prng;
}

/** An nb201 supernet with the weights of every op on every edge of every cell created up front. */
export function createNb201Supernet(options: Nb201NetworkOptions): ImageSupernet<Nb201Arc> {
  const child = parseChildConfig(nb201ChildSchema, options.child, 'nb201 child');
  return new Nb201Network({ kind: 'supernet' }, child, options.input, options.prng);
}

/** An nb201 network holding the weights of `arc`'s cell alone. */
export function createFixedNb201Network(options: Nb201NetworkOptions & { readonly arc: Nb201Arc }): FixedImageNetwork {
  const child = parseChildConfig(nb201ChildSchema, options.child, 'nb201 child');
  checkNb201Arc(options.arc);
  const net = new Nb201Network({ kind: 'fixed', arc: options.arc }, child, options.input, options.prng);
  return bindImageArc(net, options.arc);
}
