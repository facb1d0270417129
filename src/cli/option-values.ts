/**
 * Checked values of string options (`--space micro`, `--seeds 3`): a bad value is a CLI_USAGE error that names
 * the flag, what it accepts and what it got.
 */
import { EnasError } from '../shared/errors';

/** `value` if it is one of `allowed`, `fallback` when the flag was not given. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new EnasError('CLI_USAGE', `--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
}

/** A whole number in [min, max], or undefined when the flag was not given. */
export function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new EnasError('CLI_USAGE', `--${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}
