/**
 * Reading and checking official ENAS integer arcs, shared by the three spaces. A space describes each token
 * position by a {@link TokenSlot} (how many options it has and how to explain a bad value); everything
 * here is about turning untrusted input (a pasted string, a JSON array, a controller sample) into a list of
 * in-range integers, or an EnasError that says where and why.
 *
 * Token positions in messages are 1-based and carry the total ("token 9 of 40"), because that is how a
 * person counts along a pasted arc string. Node and layer numbers follow the arc's own (0-based) indices.
 */
import { EnasError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import type { AnySpaceName } from '../../shared/config/space';

/** One token position of an arc. */
export interface TokenSlot {
  /** Number of options: the token must be an integer in [0, choices). */
  readonly choices: number;
  /** The code thrown when the token is out of range. */
  readonly code: ErrorCode;
  /** What the position belongs to, e.g. `micro normal cell, node 4`. */
  readonly where: string;
  /** The rule broken by an out-of-range value, e.g. `input index 5 must be < 4`. */
  readonly rule: (value: number) => string;
  /**
   * Op slots only: whether the chosen op has no weights (pooling, identity). A policy that picks these
   * everywhere has collapsed to cheap children that weight sharing favours early (search health).
   */
  readonly parameterFree?: (value: number) => boolean;
}

/** `token 9 of 40` for the 0-based position 8. */
export function tokenAt(position: number, total: number): string {
  return `token ${position + 1} of ${total}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${String(value)}n`;
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The tokens of `input` if it is an array of exactly `slots.length` in-range integers; otherwise an
 * EnasError: ARC_BAD_TOKEN (not an array, or a token that is not a non-negative safe integer),
 * ARC_BAD_LENGTH (`lengthRule` says what fixes the length, e.g. `numLayers=12`) or the slot's own code.
 */
export function checkArcTokens(
  space: AnySpaceName,
  input: unknown,
  slots: readonly TokenSlot[],
  lengthRule: string,
): number[] {
  if (!Array.isArray(input)) {
    throw new EnasError('ARC_BAD_TOKEN', `${space} arc must be an array of integers, got ${describeValue(input)}`);
  }
  const total = slots.length;
  if (input.length !== total) {
    throw new EnasError(
      'ARC_BAD_LENGTH',
      `${space} arc with ${lengthRule} needs ${total} tokens, got ${input.length}`,
    );
  }
  const tokens = new Array<number>(total);
  for (let p = 0; p < total; p++) {
    const value: unknown = input[p];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new EnasError(
        'ARC_BAD_TOKEN',
        `${space} arc, ${tokenAt(p, total)}: expected a non-negative integer, got ${describeValue(value)}`,
      );
    }
    const slot = slots[p];
    if (slot !== undefined && value >= slot.choices) {
      throw new EnasError(slot.code, `${slot.where} (${tokenAt(p, total)}): ${slot.rule(value)}`);
    }
    tokens[p] = value;
  }
  return tokens;
}

/**
 * The integers of a whitespace-separated official arc string (as in the `fixed_arc` lines of the official
 * scripts). Only plain decimal digits are accepted: "1.0", "-1", "1e3" and "0x1" are typos, not tokens.
 * The length and ranges are checked later, by the space.
 */
export function parseArcString(space: AnySpaceName, text: unknown): number[] {
  if (typeof text !== 'string') {
    throw new EnasError('ARC_BAD_TOKEN', `${space} arc string must be a string, got ${describeValue(text)}`);
  }
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  return words.map((word, p) => {
    const value = Number(word);
    if (!/^[0-9]+$/.test(word) || !Number.isSafeInteger(value)) {
      throw new EnasError(
        'ARC_BAD_TOKEN',
        `${space} arc string, ${tokenAt(p, words.length)}: ${describeValue(word)} is not a non-negative integer`,
      );
    }
    return value;
  });
}
