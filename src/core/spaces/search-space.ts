/**
 * The one interface every search space implements. The interchange format is the official ENAS integer
 * arc (a flat list of tokens, see design.md §2), so an arc sampled by the controller, typed by a user or
 * pasted from the official scripts goes through the same decode/validate path.
 */
import type { SpaceConfig, SpaceName } from '../../shared/config/space';
import type { Prng } from '../random/prng';

export interface SearchSpace<A, C extends SpaceConfig = SpaceConfig> {
  readonly name: SpaceName;
  /** The resolved configuration this space was built from. */
  readonly config: C;
  /** Number of integer tokens in an arc of this space. */
  readonly arcLength: number;
  /**
   * Parse and validate official integer tokens into a typed architecture. Throws an EnasError
   * (ARC_BAD_LENGTH / ARC_BAD_OP / ARC_BAD_INDEX / …) whose message names the position and the rule.
   */
  decode(tokens: readonly number[]): A;
  /** The official integer tokens of an architecture; `decode(encode(a))` equals `a`. */
  encode(arc: A): number[];
  /** Parse the whitespace-separated official arc string ("0 2 0 0 …"). */
  parse(arcString: string): A;
  /** The official arc string of an architecture. */
  format(arc: A): string;
  /**
   * A stable identifier of the architecture: equal for architectures that compute the same function
   * (e.g. micro nodes whose two inputs are swapped), different otherwise. Used to de-duplicate samples.
   */
  archId(arc: A): string;
  /** Exact number of distinct token sequences in this space. */
  size(): bigint;
  /** An architecture drawn uniformly over token sequences: the random-ws sampler and a fuzzing source. */
  sampleUniform(prng: Prng): A;
}
