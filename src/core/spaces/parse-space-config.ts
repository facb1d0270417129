/**
 * Re-validates a search-space configuration at the factory: a typed config can still carry impossible values
 * at runtime (numLayers 0, 2.5, NaN read from JSON), and a space built from one would compute nonsense.
 */
import { EnasError } from '../../shared/errors';
import type { AnySpaceName } from '../../shared/config/space';

/** The part of a zod schema this needs (core may not import zod itself, docs/architecture.md §4). */
interface SafeParser<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value); // JSON would print NaN and Infinity as null
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** `schema.parse(config)`, with failures as SPACE_BAD_CONFIG naming each bad field. */
export function parseSpaceConfig<T>(schema: SafeParser<T>, config: unknown, space: AnySpaceName): T {
  const result = schema.safeParse(config);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.') || '(config)';
      return `${field}: ${issue.message} (got ${describe(valueAt(config, issue.path))})`;
    })
    .join('; ');
  throw new EnasError('SPACE_BAD_CONFIG', `${space} search space config is invalid: ${problems}`);
}
