/**
 * The one interface every search space implements. The interchange format is the official ENAS integer
 * arc (a flat list of tokens, see docs/architecture.md §2), so an arc sampled by the controller, typed by a user or
 * pasted from the official scripts goes through the same decode/validate path.
 *
 * In all three ENAS spaces every decision is independent and its number of options depends only on its
 * position (Pham et al., 2018, §2–3), so a space is fully described by `tokenChoices`: the sequences with
 * 0 ≤ token[p] < tokenChoices[p] are exactly the valid arcs.
 */
import type { AnySpaceConfig } from '../../shared/config/space';
import type { Prng } from '../random/prng';

export interface SearchSpace<A, C extends AnySpaceConfig = AnySpaceConfig> {
  readonly name: C['space'];
  /** The resolved configuration this space was built from. */
  readonly config: C;
  /** Number of integer tokens in an arc of this space. */
  readonly arcLength: number;
  /**
   * Number of options of each token, in arc order (length `arcLength`): token p is valid iff it is an
   * integer in [0, tokenChoices[p]). A controller samples token p from that many logits.
   */
  readonly tokenChoices: readonly number[];
  /**
   * Parse and validate official integer tokens into a typed architecture. Throws an EnasError
   * (ARC_BAD_LENGTH / ARC_BAD_TOKEN / ARC_BAD_OP / ARC_BAD_INDEX / …) whose message names the position
   * and the rule; it throws nothing else, whatever it is given.
   */
  decode(tokens: readonly number[]): A;
  /** The official integer tokens of an architecture; `decode(encode(a))` equals `a`. Validates `a`. */
  encode(arc: A): number[];
  /** Parse the whitespace-separated official arc string ("0 2 0 0 …"). */
  parse(arcString: string): A;
  /** The official arc string of an architecture (tokens joined by single spaces). */
  format(arc: A): string;
  /**
   * A stable identifier of the architecture, used to de-duplicate samples: `<space>-<16 hex digits>`, the
   * 64-bit FNV-1a of a canonical token string. Two arcs count as the same architecture when they differ
   * only by the order of a micro node's two (input, op) summands; in macro and rnn, only equal tokens do.
   */
  archId(arc: A): string;
  /** Exact number of distinct token sequences in this space. */
  size(): bigint;
  /**
   * An architecture drawn uniformly over token sequences (each decision uniform and independent, drawn in
   * token order): the random-ws sampler and a fuzzing source.
   */
  sampleUniform(prng: Prng): A;
  /**
   * Among the arc's op decisions, how many chose an op without weights (pooling, identity; the identity
   * activation in rnn): `{ ops, parameterFree }`. Tokens must be valid (decode first).
   */
  parameterFreeOps(tokens: readonly number[]): { readonly ops: number; readonly parameterFree: number };
  /**
   * For the op decision at token `position`, which of its options have no weights (same rule as
   * parameterFreeOps); null where the token is not an op decision.
   */
  parameterFreeOptions(position: number): readonly boolean[] | null;
}
